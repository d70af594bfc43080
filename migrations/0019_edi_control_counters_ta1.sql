ALTER TABLE `edi_interchanges` ADD `ta1` text;--> statement-breakpoint
-- One control-number counter per (our id, partner) for every interchange we send. The old
-- per-partner outbound counters and the global 997 counter carry over (under the default id
-- EDGEORDERS) at the higher of the two, so no ISA13 already sent to a partner is used again.
INSERT INTO `meta` (`key`, `value`)
SELECT 'edi_control_number:EDGEORDERS:' || substr(`key`, 29), `value` FROM `meta`
WHERE `key` LIKE 'edi_outbound_control_number:%' ON CONFLICT (`key`) DO NOTHING;--> statement-breakpoint
INSERT INTO `meta` (`key`, `value`)
SELECT DISTINCT 'edi_control_number:EDGEORDERS:' || `sender_id`, '0' FROM `edi_interchanges` WHERE true
ON CONFLICT (`key`) DO NOTHING;--> statement-breakpoint
UPDATE `meta` SET `value` = CAST(MAX(CAST(`value` AS INTEGER),
  COALESCE((SELECT CAST(`value` AS INTEGER) FROM `meta` WHERE `key` = 'edi_997_control_number'), 0)) AS TEXT)
WHERE `key` LIKE 'edi_control_number:%';--> statement-breakpoint
DELETE FROM `meta` WHERE `key` = 'edi_997_control_number' OR `key` LIKE 'edi_outbound_control_number:%';
