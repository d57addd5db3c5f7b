// The foundation end to end, on the embedded PGlite and on a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.js";
import { migrate, readMigrations } from "../../src/db/migrate.js";
import type { Starling } from "../../src/main.js";
import { command, postJson, startTestApp } from "../support/app.js";
import { DATABASE_KINDS, emptyDatabaseConfig } from "../support/databases.js";

describe.each(DATABASE_KINDS)("foundation on %s", (kind) => {
  describe("migrations", () => {
    it("apply every migration to an empty database once, and then nothing", async () => {
      const db = createDatabase(await emptyDatabaseConfig(kind));
      try {
        const all = readMigrations().map((m) => m.name);
        expect(await migrate(db.sql)).toEqual(all);
        expect(await migrate(db.sql)).toEqual([]);
        const tables = await db.sql.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        const names = tables.map((t) => t.table_name);
        for (const table of [
          "Workspace",
          "Team",
          "Member",
          "Fact",
          "FxRate",
          "Target",
          "JobRun",
          "ProcessedEvent",
          "ImportBatch",
          "IngestToken",
          "AuditLog",
        ]) {
          expect(names).toContain(table);
        }
        // Prisma's own bookkeeping agrees with ours, so `prisma migrate status` sees the same history.
        const rows = await db.sql.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
        expect(rows.map((r) => r.migration_name)).toEqual(all);
      } finally {
        await db.close();
      }
    });

    it("refuses to run when an applied migration file was edited", async () => {
      const db = createDatabase(await emptyDatabaseConfig(kind));
      try {
        const migrations = readMigrations();
        await migrate(db.sql, migrations);
        const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
        await expect(migrate(db.sql, edited)).rejects.toThrow(/was changed after it was applied/);
      } finally {
        await db.close();
      }
    });
  });

  describe("a running Starling with demo data", () => {
    let app: Starling;
    beforeAll(async () => {
      app = await startTestApp(kind);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("answers /healthz with the database up", async () => {
      const response = await fetch(`${app.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok", db: "ok" });
    });

    it("lists the demo members with their roles", async () => {
      const response = await fetch(`${app.url}/api/playground/members`);
      const body = (await response.json()) as { members: { handle: string; role: string; team: string | null }[] };
      expect(body.members.length).toBeGreaterThanOrEqual(10);
      const roles = new Set(body.members.map((m) => m.role));
      for (const role of ["member", "lead", "manager", "admin"]) expect(roles).toContain(role);
      expect(body.members.find((m) => m.handle === "sari")?.team).toBe("ID-beauty");
    });

    it("serves the playground page", async () => {
      const response = await fetch(`${app.url}/playground`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Starling playground");
      expect(html).toContain("/api/playground/command");
    });

    it("answers help with every command, in the member's language", async () => {
      const english = await command(app, "sari", "help");
      expect(english.messages[0]?.text).toContain("/kpi");
      const chinese = await command(app, "mei", "帮助");
      expect(chinese.messages[0]?.text).toContain("Starling 命令");
    });

    it("answers /kpi with the member's own month to date from the database", async () => {
      const reply = await command(app, "sari", "/kpi");
      const text = reply.messages[0]?.text ?? "";
      expect(text).toContain("@sari");
      // Never today: the 23rd has not ended, so the figures stop at the last complete day.
      expect(text).toMatch(/November 2026 · through 2[12] Nov/);
      // The demo seeds member facts for every working day: sari has GMV in IDR this month.
      expect(text).toMatch(/GMV \(gross\): [\d,]+ IDR/);
      expect(reply.messages[0]?.blocks.length).toBeGreaterThan(2);
      expect(reply.messages[0]?.html).toContain("b-header");
    });

    it("gives a clear error for an unknown command, member or job, and changes nothing", async () => {
      const unknown = await command(app, "sari", "/dance now");
      expect(unknown.messages[0]?.text).toMatch(/don't know the command “\/dance”/);
      const noMember = await postJson(`${app.url}/api/playground/command`, { as: "nobody", text: "/kpi" });
      expect(noMember.status).toBe(404);
      expect(noMember.body.error).toMatch(/Unknown member "nobody". Members: .*sari/);
      const noJob = await postJson(`${app.url}/api/playground/run`, { job: "no-such-job" });
      expect(noJob.status).toBe(404);
      expect(noJob.body.error).toMatch(/Unknown job "no-such-job"/);
      const badBody = await postJson(`${app.url}/api/playground/command`, { text: "/kpi" });
      expect(badBody.status).toBe(400);
      expect(badBody.body.error).toMatch(/Invalid as/);
    });

    it("loads the demo data only once: a restart on the same database changes nothing", async () => {
      const counts = async () =>
        Promise.all([
          app.db.prisma.workspace.count(),
          app.db.prisma.member.count(),
          app.db.prisma.fact.count(),
          app.db.prisma.target.count(),
        ]);
      const before = await counts();
      const { seedDemoData } = await import("../../src/demo/seed.js");
      const again = await seedDemoData(app.db.prisma, { today: "2026-11-23" });
      expect(again.seeded).toBe(false);
      expect(await counts()).toEqual(before);
    });

    it("answers /healthz with 503 once the database is gone", async () => {
      await app.db.close();
      const response = await fetch(`${app.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", db: "down" });
    });
  });
});
