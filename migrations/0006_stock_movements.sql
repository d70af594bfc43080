CREATE TABLE `stock_movements` (
	`movement_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`po_number` text NOT NULL,
	`sku` text NOT NULL,
	`warehouse` text NOT NULL,
	`qty` integer NOT NULL,
	`supplier_eta` text,
	`occurred_at` text NOT NULL,
	`notified` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stock_movements_pending` ON `stock_movements` (`kind`,`notified`);