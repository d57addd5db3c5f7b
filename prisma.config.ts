// Prisma CLI configuration. The CLI runs on its WASM schema engine ("js") so nothing is downloaded.
// The CLI is only used for `prisma generate` and `prisma migrate diff` (npm run db:diff); migrations are
// applied by Starling itself (src/db/migrate.ts), so an in-memory PGlite is all the CLI ever needs.
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

// The schema's env("DATABASE_URL") must be set or the CLI looks for a native engine (stack-notes.md).
process.env.DATABASE_URL ??= "postgresql://starling@127.0.0.1:5432/starling";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    // The adapter bundles its own copy of the adapter types; they match at run time.
    return new PrismaPGlite(new PGlite()) as unknown as SqlMigrationAwareDriverAdapterFactory;
  },
});
