CREATE TABLE `catalog_vectors` (
	`id` text PRIMARY KEY NOT NULL,
	`namespace` text,
	`metadata` text NOT NULL,
	`embedding` blob NOT NULL
);
--> statement-breakpoint
CREATE INDEX `catalog_vectors_namespace` ON `catalog_vectors` (`namespace`);--> statement-breakpoint
CREATE TABLE `search_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`sku` text,
	`contract_id` text,
	`customer_id` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`text` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_documents_customer` ON `search_documents` (`customer_id`);--> statement-breakpoint
CREATE TABLE `search_vectors_pending` (
	`id` text PRIMARY KEY NOT NULL,
	`queued_at` text NOT NULL
);
