ALTER TABLE `outbox` ADD `lease` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `locked_until` integer;