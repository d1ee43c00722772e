import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type DB } from "#db/client.ts";
import { migrateDatabase } from "#db/migrate.ts";

/** A migrated SQLite file in a fresh temp directory, for tests of queries and services; `remove` deletes it. */
export function openTempDatabase(prefix: string): { db: DB; file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `ob-${prefix}-`));
  const file = join(dir, `${prefix}.sqlite`);
  const db = openDatabase(file);
  migrateDatabase(db);
  return {
    db,
    file,
    remove() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
