CREATE TABLE `informs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`stage` integer NOT NULL,
	`user_id` text NOT NULL,
	`member_name` text NOT NULL,
	`informed_at` integer NOT NULL,
	`dm_channel` text,
	`dm_ts` text,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `informs_once` ON `informs` (`crisis_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `crises` ADD `lead_id` text;--> statement-breakpoint
ALTER TABLE `pages` ADD `chased_at` integer;