CREATE TABLE `phone_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`page_id` integer NOT NULL,
	`kind` text NOT NULL,
	`attempt` integer NOT NULL,
	`cause` text NOT NULL,
	`requested_by` text,
	`number` text NOT NULL,
	`decided_at` integer NOT NULL,
	`sid` text,
	`status` text,
	`answered_by` text,
	`ended_at` integer,
	`outcome` text,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`page_id`) REFERENCES `pages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phone_attempts_once` ON `phone_attempts` (`page_id`,`kind`,`attempt`);--> statement-breakpoint
CREATE UNIQUE INDEX `phone_attempts_sid` ON `phone_attempts` (`sid`);--> statement-breakpoint
CREATE TABLE `phone_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` integer NOT NULL,
	`status` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `phone_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phone_events_once` ON `phone_events` (`attempt_id`,`status`);