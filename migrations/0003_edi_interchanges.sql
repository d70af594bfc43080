CREATE TABLE `edi_interchanges` (
	`sender_id` text NOT NULL,
	`control_number` text NOT NULL,
	`received_at` text NOT NULL,
	`ack_control_number` text NOT NULL,
	PRIMARY KEY(`sender_id`, `control_number`)
);
