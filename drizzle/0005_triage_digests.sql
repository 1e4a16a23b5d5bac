CREATE TABLE `triage_digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`opened_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`channel` text,
	`ts` text
);
--> statement-breakpoint
ALTER TABLE `alerts` ADD `digest_id` integer REFERENCES triage_digests(id);--> statement-breakpoint
CREATE INDEX `alerts_digest` ON `alerts` (`digest_id`);