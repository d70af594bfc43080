CREATE TABLE `episode_vectors` (
	`id` text PRIMARY KEY NOT NULL,
	`namespace` text,
	`metadata` text NOT NULL,
	`embedding` blob NOT NULL
);
--> statement-breakpoint
CREATE INDEX `episode_vectors_namespace` ON `episode_vectors` (`namespace`);