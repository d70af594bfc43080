ALTER TABLE `spans` ADD `exported_at` integer;--> statement-breakpoint
CREATE INDEX `spans_unexported` ON `spans` (`start_ms`) WHERE "spans"."exported_at" is null;