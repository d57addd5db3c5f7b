#!/usr/bin/env bash
# Creates a new migration from the change between the schema of the latest migration
# (prisma/migrations/schema.snapshot.prisma) and prisma/schema.prisma.
# Prisma's `migrate dev` needs a shadow database, which neither of our adapters supports (stack-notes.md),
# so we diff two schema files instead. Usage: npm run db:diff -- <migration_name>
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [[ ! "$name" =~ ^[a-z0-9_]+$ ]]; then
  echo "usage: npm run db:diff -- <migration_name>   (lower case letters, digits and _ only, e.g. add_team_budget)" >&2
  exit 2
fi
export DATABASE_URL="${DATABASE_URL:-postgresql://starling@127.0.0.1:5432/starling}"
sql=$(npx prisma migrate diff --from-schema-datamodel prisma/migrations/schema.snapshot.prisma \
  --to-schema-datamodel prisma/schema.prisma --script)
if ! grep -qvE '^\s*(--.*)?$' <<<"$sql"; then
  echo "prisma/schema.prisma has no changes since the last migration: nothing to do."
  exit 0
fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" >"$dir/migration.sql"
cp prisma/schema.prisma prisma/migrations/schema.snapshot.prisma
echo "Created $dir/migration.sql: review it, then start Starling (embedded) or run npm run db:migrate (PostgreSQL)."
