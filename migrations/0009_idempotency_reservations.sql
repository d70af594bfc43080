-- Idempotency keys are reserved before the request runs (no status or response yet, held until
-- locked_until), so the table is rebuilt with those columns nullable. It has no foreign keys.
CREATE TABLE `__new_idempotency_keys` (
	`principal_id` text NOT NULL,
	`key` text NOT NULL,
	`body_hash` text NOT NULL,
	`status` integer,
	`response` text,
	`locked_until` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`principal_id`, `key`)
);
--> statement-breakpoint
INSERT INTO `__new_idempotency_keys`("principal_id", "key", "body_hash", "status", "response", "locked_until", "created_at") SELECT "principal_id", "key", "body_hash", "status", "response", NULL, "created_at" FROM `idempotency_keys`;--> statement-breakpoint
DROP TABLE `idempotency_keys`;--> statement-breakpoint
ALTER TABLE `__new_idempotency_keys` RENAME TO `idempotency_keys`;
