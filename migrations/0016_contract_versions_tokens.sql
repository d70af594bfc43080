CREATE TABLE `contract_tiers` (
	`version_id` text NOT NULL,
	`sku` text NOT NULL,
	`min_qty` integer NOT NULL,
	`max_qty` integer,
	`price` real NOT NULL,
	PRIMARY KEY(`version_id`, `sku`, `min_qty`),
	FOREIGN KEY (`version_id`) REFERENCES `contract_versions`(`version_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `contract_versions` (
	`version_id` text PRIMARY KEY NOT NULL,
	`contract_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`customer` text NOT NULL,
	`payment_terms` text NOT NULL,
	`delivery_window_days` integer NOT NULL,
	`response_time_hours` real NOT NULL,
	`effective_from` text,
	`effective_to` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`customer_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contract_versions_customer` ON `contract_versions` (`customer_id`);--> statement-breakpoint
CREATE INDEX `contract_versions_contract` ON `contract_versions` (`contract_id`);--> statement-breakpoint
ALTER TABLE `principals` ADD `token_id` text;--> statement-breakpoint
ALTER TABLE `principals` ADD `label` text;--> statement-breakpoint
ALTER TABLE `principals` ADD `created_at` text;--> statement-breakpoint
ALTER TABLE `principals` ADD `revoked_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `principals_token_id` ON `principals` (`token_id`);--> statement-breakpoint
CREATE INDEX `principals_customer` ON `principals` (`customer_id`);--> statement-breakpoint
INSERT INTO `contract_versions`("version_id", "contract_id", "customer_id", "customer", "payment_terms", "delivery_window_days", "response_time_hours", "effective_from", "effective_to") SELECT "contract_id" || '@' || coalesce("valid_from", ''), "contract_id", "customer_id", "customer", "payment_terms", "delivery_window_days", "response_time_hours", "valid_from", "valid_to" FROM `contracts`;--> statement-breakpoint
INSERT INTO `contract_tiers`("version_id", "sku", "min_qty", "max_qty", "price") SELECT c."contract_id" || '@' || coalesce(c."valid_from", ''), t."sku", t."min_qty", t."max_qty", t."price" FROM `pricing_tiers` t JOIN `contracts` c ON c."contract_id" = t."contract_id";--> statement-breakpoint
UPDATE `principals` SET "token_id" = "principal_id", "label" = "name" WHERE "token_id" IS NULL;
