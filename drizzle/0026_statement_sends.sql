CREATE TABLE `statement_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`account` text NOT NULL,
	`handle` text,
	`profile_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`state` text DEFAULT 'sending' NOT NULL,
	`message_id` text,
	`sent_at` integer,
	`failure` text,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `statement_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statement_sends_once` ON `statement_sends` (`version_id`,`profile_id`);--> statement-breakpoint
ALTER TABLE `publications` ADD `via` text DEFAULT 'hand' NOT NULL;