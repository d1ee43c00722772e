import { openDatabase } from "#db/client.ts";
import { createApp } from "../bootstrap";
import { readEnv } from "../env";

/** `npm run worker`: an extra worker process on the same database (jobs are claimed with leases). */
const env = readEnv();
if (!env.ENCRYPTION_KEY) throw new Error("ENCRYPTION_KEY is required for a separate worker");
const db = openDatabase(env.DATABASE_FILE);
const { worker } = createApp({
  env,
  db,
  encryptionKey: env.ENCRYPTION_KEY,
  shopifyApiSecret: env.SHOPIFY_API_SECRET ?? "",
});
worker.start();
console.log(`worker ${worker.id} started on ${env.DATABASE_FILE}`);
const stop = () => void worker.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
