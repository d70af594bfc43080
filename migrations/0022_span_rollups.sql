-- WITHOUT ROWID (added by hand: drizzle-kit cannot say it): the primary key is the table, so an
-- upsert writes one row, not a row and its key's index entry (db/span-rollups.ts).
CREATE TABLE `span_latency_rollups` (
	`level_ms` integer NOT NULL,
	`bucket_ms` integer NOT NULL,
	`task` text NOT NULL,
	`ms` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`level_ms`, `bucket_ms`, `task`, `ms`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `span_usage_rollups` (
	`level_ms` integer NOT NULL,
	`bucket_ms` integer NOT NULL,
	`scope` text NOT NULL,
	`units` integer NOT NULL,
	`worker_requests` real DEFAULT 0 NOT NULL,
	`do_requests` real DEFAULT 0 NOT NULL,
	`d1_rows_read` real DEFAULT 0 NOT NULL,
	`d1_rows_written` real DEFAULT 0 NOT NULL,
	`do_rows_read` real DEFAULT 0 NOT NULL,
	`do_rows_written` real DEFAULT 0 NOT NULL,
	`queue_operations` real DEFAULT 0 NOT NULL,
	`vector_queries` real DEFAULT 0 NOT NULL,
	`embedding_tokens` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`level_ms`, `bucket_ms`, `scope`)
) WITHOUT ROWID;--> statement-breakpoint
-- The spans already stored, rolled up as `recordSpans` rolls up new ones (db/span-rollups.ts).
INSERT INTO `span_latency_rollups` (`level_ms`, `bucket_ms`, `task`, `ms`, `n`)
SELECT l.value, `start_ms` / l.value * l.value, `metric_task`, `end_ms` - `start_ms`, COUNT(*)
FROM `spans` CROSS JOIN json_each('[1000,60000,3600000]') l WHERE `metric_task` IS NOT NULL GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO `span_usage_rollups` (`level_ms`, `bucket_ms`, `scope`, `units`, `worker_requests`, `do_requests`, `d1_rows_read`, `d1_rows_written`, `do_rows_read`, `do_rows_written`, `queue_operations`, `vector_queries`, `embedding_tokens`)
SELECT l.value, `start_ms` / l.value * l.value, json_extract(`attributes`, '$."usage.scope"'), COUNT(*),
  TOTAL(json_extract(`attributes`, '$."usage.worker_requests"')), TOTAL(json_extract(`attributes`, '$."usage.do_requests"')), TOTAL(json_extract(`attributes`, '$."usage.d1_rows_read"')), TOTAL(json_extract(`attributes`, '$."usage.d1_rows_written"')), TOTAL(json_extract(`attributes`, '$."usage.do_rows_read"')), TOTAL(json_extract(`attributes`, '$."usage.do_rows_written"')), TOTAL(json_extract(`attributes`, '$."usage.queue_operations"')), TOTAL(json_extract(`attributes`, '$."usage.vector_queries"')), TOTAL(json_extract(`attributes`, '$."usage.embedding_tokens"'))
FROM `spans` CROSS JOIN json_each('[1000,60000,3600000]') l WHERE json_extract(`attributes`, '$."usage.scope"') IS NOT NULL GROUP BY 1, 2, 3;
