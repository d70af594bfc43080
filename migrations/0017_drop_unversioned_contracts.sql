DROP TABLE `pricing_tiers`;--> statement-breakpoint
DROP TABLE `contracts`;
