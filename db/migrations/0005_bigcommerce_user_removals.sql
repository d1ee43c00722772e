CREATE TABLE `bigcommerce_user_removals` (
	`shop_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`removed_at` integer NOT NULL,
	PRIMARY KEY(`shop_id`, `user_id`),
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
