CREATE TABLE `shipment_index` (
	`tracking` text PRIMARY KEY NOT NULL,
	`po_number` text NOT NULL,
	`shipment_id` text NOT NULL,
	`carrier` text NOT NULL
);
