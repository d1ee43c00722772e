CREATE TABLE `order_line_components` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop_id` integer NOT NULL,
	`order_line_id` integer NOT NULL,
	`sku` text NOT NULL,
	`quantity_per_unit` integer NOT NULL,
	`shop_line_item_id` text,
	`shop_variant_id` text,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_line_id`) REFERENCES `order_lines`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_line_components_line_idx` ON `order_line_components` (`order_line_id`);--> statement-breakpoint
DROP INDEX `sku_mappings_shop_marketplace_sku_uq`;--> statement-breakpoint
ALTER TABLE `sku_mappings` ADD `account_id` integer REFERENCES marketplace_accounts(id) ON DELETE cascade;--> statement-breakpoint
ALTER TABLE `sku_mappings` ADD `components` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sku_mappings_marketplace_wide_uq` ON `sku_mappings` (`shop_id`,`marketplace`,`marketplace_sku`) WHERE "sku_mappings"."account_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `sku_mappings_account_uq` ON `sku_mappings` (`shop_id`,`account_id`,`marketplace_sku`) WHERE "sku_mappings"."account_id" IS NOT NULL;