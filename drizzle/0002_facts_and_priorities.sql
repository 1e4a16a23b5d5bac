DROP INDEX `outbox_due`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `priority` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`state`,`priority`,`run_at`) WHERE state in ('pending', 'running');--> statement-breakpoint
ALTER TABLE `events` ADD `data` text;