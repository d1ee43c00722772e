export { TokenBucket } from "#connectors/token-bucket.ts";
