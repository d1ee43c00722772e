CREATE TABLE `sku_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`marketplace` text NOT NULL,
	`marketplace_sku` text NOT NULL,
	`shop_sku` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sku_mappings_shop_marketplace_sku_uq` ON `sku_mappings` (`shop_id`,`marketplace`,`marketplace_sku`);