ALTER TABLE `procedural_rules` ADD `enabled` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `trading_partners` ADD `partner_id` text;--> statement-breakpoint
ALTER TABLE `trading_partners` ADD `isa_qualifier` text DEFAULT 'ZZ' NOT NULL;--> statement-breakpoint
ALTER TABLE `trading_partners` ADD `documents` text DEFAULT '["855","856","810"]' NOT NULL;--> statement-breakpoint
UPDATE `trading_partners` SET `partner_id` = `sender_id` WHERE `partner_id` IS NULL;