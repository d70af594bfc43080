CREATE TABLE `edi_transaction_sets` (
	`sender_id` text NOT NULL,
	`interchange_control_number` text NOT NULL,
	`group_control_number` text NOT NULL,
	`transaction_control_number` text NOT NULL,
	`answer` text NOT NULL,
	`taken_at` text NOT NULL,
	PRIMARY KEY(`sender_id`, `interchange_control_number`, `group_control_number`, `transaction_control_number`)
);
--> statement-breakpoint
ALTER TABLE `edi_interchanges` ADD `fingerprint` text;--> statement-breakpoint
ALTER TABLE `edi_interchanges` ADD `answered_at` text;--> statement-breakpoint
ALTER TABLE `edi_interchanges` ADD `ack_997` text;--> statement-breakpoint
-- Claims made before sets were tracked were answered in the same request: a resend of one is a duplicate.
UPDATE `edi_interchanges` SET `answered_at` = `received_at` WHERE `answered_at` IS NULL;
