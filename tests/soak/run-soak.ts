/**
 * `npm run soak`: the chaos soak (tests/soak/soak.ts) from the command line; prints the counts, exits 1 on any
 * problem. Options as env or `--name=value` args: SOAK_ORDERS (300), SOAK_FAULT_RATE (0.2), SOAK_KILLS (8),
 * SOAK_WORKERS (2), SOAK_TRAFFIC_MS (90000), SOAK_CHAOS_TAIL_MS (90000), SOAK_DURATION_LIMIT_MS (600000), SOAK_SEED (8); SOAK_KEEP=1 keeps
 * the database and the processes' logs under tests/.tmp/soak-*; SOAK_LOG_LEVEL for the processes (warn).
 */
import { DEFAULT_SOAK, formatReport, runSoak, type SoakOptions } from "./soak";

const args = new Map(
  process.argv
    .slice(2)
    .map((a) => /^--([\w-]+)=(.*)$/.exec(a))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1].toLowerCase().replace(/-/g, "_"), m[2]]),
);
const opt = (name: string, env: string, fallback: number) => {
  const v = args.get(name) ?? process.env[env];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${env} (--${name}) must be a number >= 0, not ${v}`);
  return n;
};

const options: Partial<SoakOptions> = {
  orders: opt("orders", "SOAK_ORDERS", DEFAULT_SOAK.orders),
  faultRate: opt("fault_rate", "SOAK_FAULT_RATE", DEFAULT_SOAK.faultRate),
  kills: opt("kills", "SOAK_KILLS", DEFAULT_SOAK.kills),
  workers: opt("workers", "SOAK_WORKERS", DEFAULT_SOAK.workers),
  trafficMs: opt("traffic_ms", "SOAK_TRAFFIC_MS", DEFAULT_SOAK.trafficMs),
  chaosTailMs: opt("chaos_tail_ms", "SOAK_CHAOS_TAIL_MS", DEFAULT_SOAK.chaosTailMs),
  durationLimitMs: opt("duration_limit_ms", "SOAK_DURATION_LIMIT_MS", DEFAULT_SOAK.durationLimitMs),
  seed: opt("seed", "SOAK_SEED", DEFAULT_SOAK.seed),
};

runSoak(options).then(
  (report) => {
    console.log(formatReport(report));
    process.exit(report.problems.length ? 1 : 0);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
