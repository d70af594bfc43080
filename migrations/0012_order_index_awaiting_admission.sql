DROP INDEX `order_index_stalled`;--> statement-breakpoint
ALTER TABLE `order_index` ADD `awaiting_admission` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `order_index_stalled` ON `order_index` (`updated_at`) WHERE "order_index"."pending_handoffs" - "order_index"."awaiting_admission" > "order_index"."abandoned_handoffs";