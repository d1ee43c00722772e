import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Env } from "#app/.server/env.ts";

/** A random key kept beside the sandbox database, so sandbox secrets are still encrypted at rest. */
export function sandboxKey(env: Env): string {
  const file = join(dirname(env.DATABASE_FILE), "sandbox.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString("base64");
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}
