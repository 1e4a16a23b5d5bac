CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fingerprint` text NOT NULL,
	`source` text NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`summary` text,
	`url` text,
	`metrics` text,
	`state` text NOT NULL,
	`crisis_id` integer,
	`received_at` integer NOT NULL,
	`seen_count` integer DEFAULT 1 NOT NULL,
	`last_seen_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`resolved_at` integer,
	`channel` text,
	`ts` text,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alerts_fingerprint` ON `alerts` (`fingerprint`,`state`);--> statement-breakpoint
CREATE TABLE `signal_readings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`mentions` integer NOT NULL,
	`negative` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `signal_readings_source` ON `signal_readings` (`source`,`id`);--> statement-breakpoint
CREATE TABLE `signal_sources` (
	`source` text PRIMARY KEY NOT NULL,
	`alerting` integer DEFAULT false NOT NULL,
	`alert_id` integer,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action
);
