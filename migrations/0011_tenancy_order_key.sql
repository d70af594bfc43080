-- Orders are identified by customer and PO number (DESIGN §4, §5.1). Until now a PO number was
-- unique across customers, so the order_index row of each number names its customer: rows that
-- gain a customer_id take it from there. Edited by hand after `npm run db:generate`: drizzle-kit
-- cannot know where the new column's values of existing rows come from.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_reservations` (
	`customer_id` text NOT NULL,
	`po_number` text NOT NULL,
	`sku` text NOT NULL,
	`warehouse` text NOT NULL,
	`qty` integer NOT NULL,
	`handoff_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `po_number`, `sku`, `warehouse`)
);
--> statement-breakpoint
INSERT INTO `__new_reservations`("customer_id", "po_number", "sku", "warehouse", "qty", "handoff_id", "created_at") SELECT coalesce(o."customer_id", ''), r."po_number", r."sku", r."warehouse", r."qty", r."handoff_id", r."created_at" FROM `reservations` r LEFT JOIN `order_index` o ON o."po_number" = r."po_number";--> statement-breakpoint
DROP TABLE `reservations`;--> statement-breakpoint
ALTER TABLE `__new_reservations` RENAME TO `reservations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_order_index` (
	`po_number` text NOT NULL,
	`customer_id` text NOT NULL,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`total` real NOT NULL,
	`order_date` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer NOT NULL,
	`pending_handoffs` integer NOT NULL,
	`abandoned_handoffs` integer DEFAULT 0 NOT NULL,
	`trace_id` text,
	PRIMARY KEY(`customer_id`, `po_number`)
);
--> statement-breakpoint
INSERT INTO `__new_order_index`("po_number", "customer_id", "status", "channel", "total", "order_date", "created_at", "updated_at", "version", "pending_handoffs", "abandoned_handoffs", "trace_id") SELECT "po_number", "customer_id", "status", "channel", "total", "order_date", "created_at", "updated_at", "version", "pending_handoffs", "abandoned_handoffs", "trace_id" FROM `order_index`;--> statement-breakpoint
DROP TABLE `order_index`;--> statement-breakpoint
ALTER TABLE `__new_order_index` RENAME TO `order_index`;--> statement-breakpoint
CREATE INDEX `order_index_po` ON `order_index` (`po_number`);--> statement-breakpoint
CREATE INDEX `order_index_customer` ON `order_index` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `order_index_status` ON `order_index` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `order_index_stalled` ON `order_index` (`updated_at`) WHERE "order_index"."pending_handoffs" > "order_index"."abandoned_handoffs";--> statement-breakpoint
ALTER TABLE `shipment_index` ADD `customer_id` text NOT NULL DEFAULT '';--> statement-breakpoint
UPDATE `shipment_index` SET `customer_id` = coalesce((SELECT o."customer_id" FROM `order_index` o WHERE o."po_number" = `shipment_index`."po_number"), '');--> statement-breakpoint
ALTER TABLE `stock_movements` ADD `customer_id` text NOT NULL DEFAULT '';--> statement-breakpoint
UPDATE `stock_movements` SET `customer_id` = coalesce((SELECT o."customer_id" FROM `order_index` o WHERE o."po_number" = `stock_movements`."po_number"), '');--> statement-breakpoint
CREATE TABLE `__new_principals` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`principal_id` text NOT NULL,
	`kind` text NOT NULL,
	`customer_id` text,
	`name` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`customer_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "customer_principal_has_customer" CHECK("__new_principals"."kind" <> 'customer' OR "__new_principals"."customer_id" IS NOT NULL)
);
--> statement-breakpoint
-- A customer principal without a customer id could only ever have seen too much: it is not carried over.
INSERT INTO `__new_principals`("token_hash", "principal_id", "kind", "customer_id", "name") SELECT "token_hash", "principal_id", "kind", "customer_id", "name" FROM `principals` WHERE "kind" <> 'customer' OR "customer_id" IS NOT NULL;--> statement-breakpoint
DROP TABLE `principals`;--> statement-breakpoint
ALTER TABLE `__new_principals` RENAME TO `principals`;