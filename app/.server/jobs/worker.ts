import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  claimJobs,
  completeJob,
  deferJob,
  failJob,
  parkJob,
  releaseJobsOfGoneWorkers,
  renewLeases,
  type Job,
} from "#db/queries/jobs.ts";
import type { JobType } from "#db/schema/index.ts";
import type { AppContext } from "../context";
import { classifyError, type AuthorizationScope } from "../errors";
import { parkedOnFor, recordAuthorizationRefused } from "../services/authorization";
import { backoffDelayMs, type BackoffPolicy } from "./backoff";
import { isWorkerGone, workerId } from "./worker-identity";

export interface JobHandler {
  run(ctx: AppContext, job: Job): Promise<void>;
  /** A failed attempt that will be retried (for the timeline). */
  onRetry?(ctx: AppContext, job: Job, error: string, retryInMs: number): void;
  /** The job will not run again: an error no retry can fix. */
  onGiveUp?(ctx: AppContext, job: Job, error: string, code: string | undefined): void;
  /** The job is parked until this authorisation is back (for the timeline). */
  onPark?(ctx: AppContext, job: Job, reason: string, scope: AuthorizationScope): void;
}

export type JobHandlers = Record<JobType, JobHandler>;

export interface WorkerOptions {
  concurrency: number;
  /** How long a claimed job is held without news from its worker; the heartbeat renews it every third of that. */
  leaseMs: number;
  idlePollMs: number;
  backoff: BackoffPolicy;
}

/**
 * Claims due jobs with a lease and runs them, `concurrency` at a time. Success → succeeded; a retryable failure →
 * queued again after backoff with jitter (a rate limit waits its retry-after without spending an attempt);
 * a refused authorisation → parked (no attempt spent) until it is back; a permanent failure → dead, with the error
 * kept. A retryable failure is never the last: "dead" is kept for what no retry can fix (issue 8), and a job that
 * keeps meeting passing faults retries at the backoff's cap.
 *
 * Leases are short and renewed by a heartbeat while the job runs, so a killed worker's jobs are claimed again within
 * one lease; and a starting worker releases at once the jobs of workers of this host whose process is gone
 * (its previous life).
 */
export class Worker {
  readonly id = workerId(hostname(), process.pid, randomUUID().slice(0, 8));
  private running = false;
  private inflight = new Set<Promise<void>>();
  /** Ids of the jobs this worker runs now, for the heartbeat. */
  private held = new Set<number>();
  private heartbeat: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: JobHandlers,
    private readonly opts: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.releaseGoneWorkers();
    this.heartbeat = setInterval(() => this.beat(), Math.max(50, Math.floor(this.opts.leaseMs / 3)));
    this.heartbeat.unref();
    this.loopDone = this.loop();
  }

  /** Jobs held by workers of this host whose process no longer exists become due now. */
  releaseGoneWorkers(): number {
    try {
      const n = releaseJobsOfGoneWorkers(this.ctx.db, (w) => isWorkerGone(w, { host: hostname(), self: this.id }));
      if (n > 0) this.ctx.logger.info("released the jobs of workers that are gone", { jobs: n });
      return n;
    } catch (e) {
      this.ctx.logger.error("could not release the jobs of gone workers", { error: (e as Error).message });
      return 0;
    }
  }

  private beat(): void {
    try {
      renewLeases(this.ctx.db, this.id, [...this.held], new Date(Date.now() + this.opts.leaseMs));
    } catch (e) {
      this.ctx.logger.warn("lease heartbeat failed", { error: (e as Error).message });
    }
  }

  /** Wakes an idle worker now (enqueueJob reaches it through AppContext.notifyWorkers, after commit). */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loopDone;
    await Promise.allSettled([...this.inflight]);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Runs until no job is due (for tests and scripts). */
  async drain(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      const jobs = claimJobs(this.ctx.db, {
        workerId: this.id,
        limit: this.opts.concurrency,
        leaseMs: this.opts.leaseMs,
      });
      if (jobs.length === 0) return;
      await Promise.all(jobs.map((j) => this.execute(j)));
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.opts.concurrency - this.inflight.size;
      let claimed: Job[] = [];
      if (free > 0) {
        try {
          claimed = claimJobs(this.ctx.db, { workerId: this.id, limit: free, leaseMs: this.opts.leaseMs });
        } catch (e) {
          this.ctx.logger.error("claim failed", { error: (e as Error).message });
        }
      }
      for (const job of claimed) {
        const p = this.execute(job).finally(() => {
          this.inflight.delete(p);
          this.notify();
        });
        this.inflight.add(p);
      }
      if (claimed.length === 0 || this.inflight.size >= this.opts.concurrency) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.opts.idlePollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  private async execute(job: Job): Promise<void> {
    this.held.add(job.id);
    try {
      await this.runOnce(job);
    } finally {
      this.held.delete(job.id);
    }
  }

  private async runOnce(job: Job): Promise<void> {
    const handler = this.handlers[job.type];
    const log = this.ctx.logger.child({ jobId: job.id, type: job.type, attempt: job.attempts });
    try {
      await handler.run(this.ctx, job);
      completeJob(this.ctx.db, job.id, this.id);
      log.debug("job succeeded");
    } catch (e) {
      const c = classifyError(e);
      const isRateLimit = c.retryable && c.retryAfterMs !== undefined;
      try {
        if (c.park && job.shopId !== null) {
          const { park } = c;
          const shopId = job.shopId;
          this.ctx.db.transaction((tx) => {
            parkJob(tx, job.id, this.id, parkedOnFor(shopId, park), c.message);
            recordAuthorizationRefused(this.ctx, tx, shopId, park, c.message);
          });
          handler.onPark?.(this.ctx, job, c.message, park);
          log.warn("job parked", { error: c.message, scope: park.kind });
        } else if (isRateLimit) {
          const delay = Math.max(c.retryAfterMs ?? 0, 50);
          deferJob(this.ctx.db, job.id, this.id, new Date(Date.now() + delay), c.message);
          handler.onRetry?.(this.ctx, job, c.message, delay);
          log.info("job deferred", { error: c.message, delay });
        } else if (c.retryable) {
          // No retryable failure is final: past maxAttempts the job goes on at the capped backoff, and the
          // timeline, told at each attempt up to maxAttempts, is not told again.
          const delay = backoffDelayMs(job.attempts, this.opts.backoff);
          failJob(this.ctx.db, job.id, this.id, c.message, new Date(Date.now() + delay));
          if (job.attempts <= job.maxAttempts) handler.onRetry?.(this.ctx, job, c.message, delay);
          log.warn("job failed, will retry", { error: c.message, delay });
        } else {
          failJob(this.ctx.db, job.id, this.id, c.message, null);
          const reason = c.message;
          handler.onGiveUp?.(this.ctx, job, reason, c.code);
          log.warn("job dead", { error: reason });
        }
      } catch (bookkeeping) {
        log.error("could not record job failure", { error: (bookkeeping as Error).message });
      }
    }
  }
}
