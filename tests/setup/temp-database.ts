import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type DB } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";

/** A migrated SQLite file in a fresh temp directory, for tests of queries and services; `remove` deletes it. */
export function openTempDatabase(prefix: string): { db: DB; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `ob-${prefix}-`));
  const db = openDatabase(join(dir, `${prefix}.sqlite`));
  migrateDatabase(db);
  return {
    db,
    remove() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
