/**
 * A process that spends a shared bucket's tokens (db/queries/rate-limit-buckets.test.ts runs two at once):
 * `tsx tests/setup/take-bucket-tokens.ts <database file> <key> <burst> [memory]` takes tokens one by one until the
 * bucket says no, then prints how many it took. `memory`: the bucket keeps its own tokens (no store), the way each
 * process throttled before the store existed.
 */
import { openDatabase } from "#db/client.ts";
import { databaseBucketStore } from "#db/queries/rate-limit-buckets.ts";
import { TokenBucket } from "#connectors/token-bucket.ts";

const [file, key, burstArg, mode] = process.argv.slice(2);
const db = openDatabase(file!);
const shared = mode === "memory" ? undefined : { store: databaseBucketStore(db), key: key! };
// A rate so slow that nothing refills while the two processes race.
const bucket = new TokenBucket(1e-9, Number(burstArg), () => 1, Date.now, shared);
let taken = 0;
while (bucket.tryTake(1)) taken++;
process.stdout.write(`${taken}\n`);
db.$client.close();
