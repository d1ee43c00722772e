ALTER TABLE `orders` ADD `buyer_marketplace_user_id` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `buyer_erased_at` integer;--> statement-breakpoint
CREATE INDEX `orders_marketplace_buyer_idx` ON `orders` (`marketplace`,`buyer_marketplace_user_id`) WHERE "orders"."buyer_marketplace_user_id" IS NOT NULL;