CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`principal_id` text,
	`po_number` text,
	`trace_id` text,
	`detail` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_po` ON `audit_log` (`po_number`);--> statement-breakpoint
CREATE TABLE `carrier_tracking` (
	`tracking` text PRIMARY KEY NOT NULL,
	`carrier` text NOT NULL,
	`status` text NOT NULL,
	`estimated_delivery` text,
	`events` text NOT NULL,
	`refreshed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `carriers` (
	`carrier` text PRIMARY KEY NOT NULL,
	`transit_days` integer NOT NULL,
	`hubs` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `catalog` (
	`sku` text PRIMARY KEY NOT NULL,
	`description` text NOT NULL,
	`list_price` real NOT NULL,
	`lead_time_days` integer NOT NULL,
	`notes` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `contracts` (
	`contract_id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`customer` text NOT NULL,
	`payment_terms` text NOT NULL,
	`delivery_window_days` integer NOT NULL,
	`response_time_hours` real NOT NULL,
	`valid_from` text,
	`valid_to` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`customer_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `cost_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`interaction_id` text NOT NULL,
	`po_number` text,
	`task` text NOT NULL,
	`model` text NOT NULL,
	`tier` text NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cache_write_tokens` integer NOT NULL,
	`cache_read_tokens` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`cost_usd` real NOT NULL,
	`cost_basis` text NOT NULL,
	`trace_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cost_ledger_po` ON `cost_ledger` (`po_number`);--> statement-breakpoint
CREATE TABLE `customers` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`tier` text NOT NULL,
	`contact_email` text NOT NULL,
	`edi_sender_id` text,
	`allow_partial_shipment` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `episodes` (
	`episode_id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`customer` text NOT NULL,
	`exception_type` text NOT NULL,
	`carrier` text,
	`hub` text,
	`month` integer,
	`root_cause` text,
	`description` text NOT NULL,
	`resolution_type` text NOT NULL,
	`resolution` text NOT NULL,
	`discount_pct` real,
	`credit_amount` real,
	`customer_satisfaction` text,
	`lesson` text,
	`po_number` text,
	`exception_id` text,
	`occurred_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `episodes_customer_type` ON `episodes` (`customer_id`,`exception_type`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`escalation_id` text PRIMARY KEY NOT NULL,
	`po_number` text NOT NULL,
	`customer_id` text NOT NULL,
	`exception_id` text,
	`reason` text NOT NULL,
	`proposed_resolution` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `escalations_status` ON `escalations` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`principal_id` text NOT NULL,
	`key` text NOT NULL,
	`body_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`principal_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `inventory` (
	`sku` text NOT NULL,
	`warehouse` text NOT NULL,
	`on_hand` integer NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	`supplier_eta` text,
	PRIMARY KEY(`sku`, `warehouse`),
	CONSTRAINT "reserved_within_on_hand" CHECK("inventory"."reserved" >= 0 AND "inventory"."reserved" <= "inventory"."on_hand")
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `order_index` (
	`po_number` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`total` real NOT NULL,
	`order_date` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer NOT NULL,
	`pending_handoffs` integer NOT NULL,
	`trace_id` text
);
--> statement-breakpoint
CREATE INDEX `order_index_customer` ON `order_index` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `order_index_status` ON `order_index` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `pricing_tiers` (
	`contract_id` text NOT NULL,
	`sku` text NOT NULL,
	`min_qty` integer NOT NULL,
	`max_qty` integer,
	`price` real NOT NULL,
	PRIMARY KEY(`contract_id`, `sku`, `min_qty`),
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`contract_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `principals` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`principal_id` text NOT NULL,
	`kind` text NOT NULL,
	`customer_id` text,
	`name` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`customer_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `procedural_rules` (
	`rule_id` text PRIMARY KEY NOT NULL,
	`exception_type` text NOT NULL,
	`carrier` text,
	`hub` text,
	`months` text,
	`rule` text NOT NULL,
	`action` text NOT NULL,
	`confidence` real NOT NULL,
	`created_from_episodes` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reservations` (
	`po_number` text NOT NULL,
	`sku` text NOT NULL,
	`warehouse` text NOT NULL,
	`qty` integer NOT NULL,
	`handoff_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`po_number`, `sku`, `warehouse`)
);
--> statement-breakpoint
CREATE TABLE `spans` (
	`span_id` text PRIMARY KEY NOT NULL,
	`trace_id` text NOT NULL,
	`parent_span_id` text,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`status` text NOT NULL,
	`po_number` text,
	`attributes` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spans_trace` ON `spans` (`trace_id`,`start_ms`);--> statement-breakpoint
CREATE TABLE `trading_partners` (
	`sender_id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`customer_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `webhook_ids` (
	`source` text NOT NULL,
	`webhook_id` text NOT NULL,
	`body_hash` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`source`, `webhook_id`)
);
