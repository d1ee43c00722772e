import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AmazonRateLimiter } from "#connectors/amazon/usage-plans.ts";
import { TokenBucket } from "#connectors/token-bucket.ts";
import { isConnectorError } from "#connectors/types.ts";
import { openTempDatabase } from "#tests/setup/temp-database.ts";
import { openDatabase, type DB } from "../client";
import { databaseBucketStore } from "./rate-limit-buckets";

/** Runs tests/setup/take-bucket-tokens.ts in a process of its own; answers how many tokens it took. */
function takeInAnotherProcess(file: string, key: string, burst: number, mode?: "memory"): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ["tsx", "tests/setup/take-bucket-tokens.ts", file, key, String(burst), ...(mode ? [mode] : [])];
    const child = spawn("npx", args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`exit ${code}`))));
  });
}

describe("rate-limit buckets shared through the database (real SQLite file)", () => {
  let temp: ReturnType<typeof openTempDatabase>;
  let other: DB;
  beforeEach(() => {
    temp = openTempDatabase("buckets");
    // A second connection to the same file: what another process of the app has.
    other = openDatabase(temp.file);
  });
  afterEach(() => {
    other.$client.close();
    temp.remove();
  });

  it("two connections draw from one bucket: what one spends, the other no longer has; a drain empties both", () => {
    let now = 1_000_000;
    const clock = () => now;
    const a = new TokenBucket(1, 5, () => 1, clock, { store: databaseBucketStore(temp.db), key: "k" });
    const b = new TokenBucket(1, 5, () => 1, clock, { store: databaseBucketStore(other), key: "k" });
    const unrelated = new TokenBucket(1, 5, () => 1, clock, { store: databaseBucketStore(other), key: "other" });
    expect(a.tryTake(3)).toBe(true);
    expect(b.available()).toBe(2);
    expect(b.tryTake(2)).toBe(true);
    expect(a.tryTake(1)).toBe(false);
    expect(a.msUntil(1)).toBe(1000);
    expect(unrelated.available()).toBe(5);
    now += 2_000; // two seconds refill two tokens, for both
    expect(b.available()).toBe(2);
    a.drain();
    expect(b.available()).toBe(0);
    b.refund(1);
    expect(a.tryTake(1)).toBe(true);
  });

  it("two Amazon limiters of one account in different processes share its usage plan", async () => {
    // Each store object is a process's own registry: nothing is shared but the database.
    const settings = (db: DB) => ({ enabled: true, timeScale: 1, store: databaseBucketStore(db) });
    const first = new AmazonRateLimiter(7, settings(temp.db), 50);
    const second = new AmazonRateLimiter(7, settings(other), 50);
    for (let i = 0; i < 15; i++) await first.acquire("getOrders"); // burst 20 at 0.0167 per second
    for (let i = 0; i < 5; i++) await second.acquire("getOrders");
    const refused = await second.acquire("getOrders").catch((e: unknown) => e);
    expect(isConnectorError(refused) && refused.kind).toBe("rate_limited");
    // Another account's plan is its own.
    await new AmazonRateLimiter(8, settings(other), 50).acquire("getOrders");
  });

  it("two processes racing for one bucket take exactly its burst between them (each its own without the store)", async () => {
    const burst = 300;
    const shared = await Promise.all([
      takeInAnotherProcess(temp.file, "race", burst),
      takeInAnotherProcess(temp.file, "race", burst),
    ]);
    expect(shared[0]! + shared[1]!).toBe(burst);
    const separate = await Promise.all([
      takeInAnotherProcess(temp.file, "race-memory", burst, "memory"),
      takeInAnotherProcess(temp.file, "race-memory", burst, "memory"),
    ]);
    expect(separate).toEqual([burst, burst]);
  }, 60_000);
});
