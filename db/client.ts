import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import * as schema from "./schema";

export type Schema = typeof schema;
export type DB = BetterSQLite3Database<Schema> & { $client: Database.Database };
/** A transaction handle; queries accept either. */
export type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];
export type DbOrTx = DB | Tx;

/**
 * Opens (creating if needed) the SQLite file in WAL mode with foreign keys on.
 *
 * Transactions begin IMMEDIATE unless the caller asks otherwise: nearly all of ours write, and a deferred one that
 * reads first and then writes, while another process committed in between, gets SQLITE_BUSY at once (its snapshot is
 * stale, so the busy timeout cannot help: https://www.sqlite.org/lang_transaction.html and
 * https://www.sqlite.org/isolation.html). IMMEDIATE takes the write lock at BEGIN, where busy_timeout waits for it.
 */
export function openDatabase(file: string): DB {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema }) as DB;
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction(run, { behavior: "immediate", ...config })) as DB["transaction"];
  return db;
}
