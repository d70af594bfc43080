CREATE TABLE `edi_outbound` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`partner_isa_id` text NOT NULL,
	`type` text NOT NULL,
	`customer_id` text NOT NULL,
	`po_number` text NOT NULL,
	`event_seq` integer NOT NULL,
	`control_number` integer NOT NULL,
	`created_at` text NOT NULL,
	`x12` text,
	`ack_status` text DEFAULT 'pending' NOT NULL,
	`acked_at` text,
	`ack_interchange` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edi_outbound_document` ON `edi_outbound` (`customer_id`,`po_number`,`event_seq`,`type`);--> statement-breakpoint
CREATE UNIQUE INDEX `edi_outbound_control` ON `edi_outbound` (`partner_isa_id`,`control_number`);--> statement-breakpoint
CREATE INDEX `edi_outbound_listing` ON `edi_outbound` (`created_at`,`id`);