CREATE TABLE `publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`platform` text NOT NULL,
	`url` text NOT NULL,
	`published_by` text NOT NULL,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `statement_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `statement_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`statement_id` integer NOT NULL,
	`version` integer NOT NULL,
	`text` text NOT NULL,
	`hash` text NOT NULL,
	`author_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`approved_hash` text,
	`changes_by` text,
	`changes_at` integer,
	`changes_reason` text,
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statement_versions_once` ON `statement_versions` (`statement_id`,`version`);--> statement-breakpoint
CREATE TABLE `statements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`crisis_id` integer NOT NULL,
	`author_id` text NOT NULL,
	`platforms` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`channel` text,
	`ts` text,
	FOREIGN KEY (`crisis_id`) REFERENCES `crises`(`id`) ON UPDATE no action ON DELETE no action
);
