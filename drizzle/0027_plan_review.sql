CREATE TABLE `plan_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`by` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `lessons` ADD `applied_by` text;--> statement-breakpoint
ALTER TABLE `lessons` ADD `applied_at` integer;