CREATE TABLE `account_freezes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`account` text NOT NULL,
	`handle` text,
	`asked_at` integer NOT NULL,
	`frozen_by` text,
	`frozen_at` integer,
	`released_at` integer,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_freezes_once` ON `account_freezes` (`crisis_id`,`account`,`handle`);