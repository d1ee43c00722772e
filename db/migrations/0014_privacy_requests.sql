CREATE TABLE `privacy_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`external_id` text NOT NULL,
	`subject` text,
	`order_ids` text,
	`export_data` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	`erased_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `privacy_requests_shop_external_uq` ON `privacy_requests` (`shop_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `privacy_requests_shop_created_idx` ON `privacy_requests` (`shop_id`,`created_at`);