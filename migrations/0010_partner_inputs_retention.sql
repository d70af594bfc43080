ALTER TABLE `inventory` ADD `level_at` text;--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `spans_start` ON `spans` (`start_ms`);--> statement-breakpoint
CREATE INDEX `webhook_ids_received` ON `webhook_ids` (`received_at`);