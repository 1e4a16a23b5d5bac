CREATE TABLE `checklist_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`role` text,
	`due_at` integer,
	`first_response` integer DEFAULT false NOT NULL,
	`done_at` integer,
	`done_by` text,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_items_position` ON `checklist_items` (`crisis_id`,`position`);--> statement-breakpoint
CREATE TABLE `crises` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`open_key` text NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`type` text NOT NULL,
	`summary` text,
	`state` text DEFAULT 'open' NOT NULL,
	`opener_id` text NOT NULL,
	`stage` integer NOT NULL,
	`channel_id` text,
	`channel_name` text,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`closed_by` text,
	`close_summary` text,
	`debrief` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crises_open_key` ON `crises` (`open_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `crises_channel` ON `crises` (`channel_id`);--> statement-breakpoint
CREATE INDEX `crises_state` ON `crises` (`state`);--> statement-breakpoint
CREATE TABLE `crisis_messages` (
	`crisis_id` integer NOT NULL,
	`kind` text NOT NULL,
	`part` integer NOT NULL,
	`channel` text NOT NULL,
	`ts` text NOT NULL,
	PRIMARY KEY(`crisis_id`, `kind`, `part`),
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`detail` text NOT NULL,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_crisis` ON `events` (`crisis_id`,`at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer,
	`kind` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`key` text,
	`after` text,
	`lane` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`state`,`run_at`) WHERE state in ('pending', 'running');--> statement-breakpoint
CREATE INDEX `outbox_lane` ON `outbox` (`lane`,`state`);--> statement-breakpoint
CREATE TABLE `pages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`stage` integer NOT NULL,
	`user_id` text NOT NULL,
	`member_name` text NOT NULL,
	`paged_at` integer NOT NULL,
	`dm_channel` text,
	`dm_ts` text,
	`dm_has_link` integer DEFAULT false NOT NULL,
	`acked_at` integer,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pages_once_per_stage` ON `pages` (`crisis_id`,`stage`,`user_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`user_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `status_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`author_id` text NOT NULL,
	`text` text NOT NULL,
	`posted_at` integer NOT NULL,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
