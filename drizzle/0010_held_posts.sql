CREATE TABLE `held_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`freeze_id` integer NOT NULL,
	`crisis_id` integer NOT NULL,
	`profile_id` text NOT NULL,
	`external_id` text NOT NULL,
	`text` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`media_urls` text DEFAULT '[]' NOT NULL,
	`saved_at` integer NOT NULL,
	`state` text DEFAULT 'saved' NOT NULL,
	`held_at` integer,
	`restore_at` integer,
	`restored_id` text,
	`restored_at` integer,
	`failure` text,
	FOREIGN KEY (`freeze_id`) REFERENCES `account_freezes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `held_posts_once` ON `held_posts` (`freeze_id`,`external_id`);--> statement-breakpoint
ALTER TABLE `account_freezes` ADD `hold_started_at` integer;--> statement-breakpoint
ALTER TABLE `account_freezes` ADD `held_at` integer;--> statement-breakpoint
ALTER TABLE `account_freezes` ADD `resumed_by` text;--> statement-breakpoint
ALTER TABLE `account_freezes` ADD `resumed_at` integer;