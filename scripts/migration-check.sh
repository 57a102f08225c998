#!/usr/bin/env bash
# Migration drift check: do the entities still match the schema the migrations build?
#
# Creates a scratch database mla_check_<random>, applies every migration to it (dist/database/migrate.js),
# then asks TypeORM to generate a migration from the difference between the entities and that schema
# (`migration:generate --check`). Any difference fails the check (exit 1) and TypeORM prints the SQL a
# new migration would need. The scratch database is dropped on every exit, failure and Ctrl-C included.
#
# Runs against the compiled code: build first (`npm run migration:check` does `nest build` first).
# Admin connection (must be allowed to CREATE/DROP DATABASE): MIGRATION_CHECK_ADMIN_URL, else
# TEST_PG_ADMIN_URL, else postgres://postgres@127.0.0.1:5432/postgres.
set -euo pipefail

cd "$(dirname "$0")/.."

ADMIN_URL="${MIGRATION_CHECK_ADMIN_URL:-${TEST_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"

if [[ ! -f dist/database/data-source.js || ! -f dist/database/migrate.js ]]; then
  echo "migration-check: dist/ is not built; run 'npm run build' first (or 'npm run migration:check')." >&2
  exit 2
fi

# Runs one SQL statement on the admin connection, with the project's own pg driver (no psql needed).
admin_sql() {
  # shellcheck disable=SC2016 # JavaScript, not shell: ${...} is a JS template literal.
  ADMIN_URL="$ADMIN_URL" SQL="$1" node -e '
    const { Client } = require("pg");
    const client = new Client({ connectionString: process.env.ADMIN_URL });
    client
      .connect()
      .then(() => client.query(process.env.SQL))
      .finally(() => client.end())
      .catch((err) => {
        process.stderr.write(`migration-check: ${err.message}\n`);
        process.exit(1);
      });
  '
}

DB_NAME="mla_check_$(node -e 'process.stdout.write(require("node:crypto").randomBytes(6).toString("hex"))')"
# Same server and credentials as the admin URL, scratch database instead of the admin one.
DB_URL="$(ADMIN_URL="$ADMIN_URL" DB_NAME="$DB_NAME" node -e '
  const u = new URL(process.env.ADMIN_URL);
  u.pathname = "/" + process.env.DB_NAME;
  process.stdout.write(u.toString());
')"
OUT_DIR="$(mktemp -d)"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if ! admin_sql "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)"; then
    echo "migration-check: could not drop scratch database $DB_NAME; drop it by hand." >&2
    [[ $status -eq 0 ]] && status=1
  fi
  rm -rf "$OUT_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "migration-check: scratch database $DB_NAME"
admin_sql "CREATE DATABASE \"$DB_NAME\""

# Only the variables the data source reads; nothing inherited from a developer's shell or .env.
export DATABASE_URL="$DB_URL"
export RUN_MIGRATIONS=true
unset DATABASE_POOL_SIZE

node dist/database/migrate.js

if node node_modules/typeorm/cli.js migration:generate --check --pretty \
  -d dist/database/data-source.js "$OUT_DIR/Drift"; then
  echo "migration-check: OK, entities and migrations agree."
else
  echo "migration-check: FAILED, the entities differ from the schema the migrations build." >&2
  echo "migration-check: add a migration (see the SQL above) under src/database/migrations and list it in index.ts." >&2
  exit 1
fi
