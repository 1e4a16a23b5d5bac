ALTER TABLE `debrief_versions` ADD `crisis_file` text;--> statement-breakpoint
ALTER TABLE `debrief_versions` ADD `archive_file` text;