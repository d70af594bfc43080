CREATE TABLE `exception_index` (
	`exception_id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`po_number` text NOT NULL,
	`received_at` text NOT NULL,
	`type` text NOT NULL,
	`resolution_type` text NOT NULL,
	`escalated` integer NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `exception_index_received` ON `exception_index` (`received_at`,`type`,`resolution_type`,`escalated`);--> statement-breakpoint
ALTER TABLE `order_index` ADD `settled_ms` integer;--> statement-breakpoint
ALTER TABLE `order_index` ADD `sla_due` text;--> statement-breakpoint
ALTER TABLE `order_index` ADD `delivered_on` text;--> statement-breakpoint
ALTER TABLE `order_index` ADD `sla_risk` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `order_index` ADD `late_notifications` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `order_index_received` ON `order_index` (`created_at`,`channel`);--> statement-breakpoint
ALTER TABLE `spans` ADD `metric_task` text;--> statement-breakpoint
CREATE INDEX `spans_metric` ON `spans` (`start_ms`,`metric_task`,`end_ms`) WHERE "spans"."metric_task" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cost_ledger_created` ON `cost_ledger` (`created_at`);