DROP INDEX `jobs_live_idempotency_uq`;--> statement-breakpoint
ALTER TABLE `jobs` ADD `parked_on` text;--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_live_idempotency_v2_uq` ON `jobs` (`idempotency_key`) WHERE "jobs"."status" IN ('queued', 'running', 'parked') AND "jobs"."idempotency_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `jobs_parked_on_idx` ON `jobs` (`parked_on`) WHERE "jobs"."parked_on" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `shops` ADD `auth_lost_at` integer;--> statement-breakpoint
ALTER TABLE `shops` ADD `auth_lost_reason` text;--> statement-breakpoint
ALTER TABLE `marketplace_accounts` ADD `auth_lost_at` integer;--> statement-breakpoint
ALTER TABLE `marketplace_accounts` ADD `auth_lost_reason` text;