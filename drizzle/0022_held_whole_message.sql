ALTER TABLE `held_posts` ADD `message` text;--> statement-breakpoint
ALTER TABLE `held_posts` ADD `awaiting_approval` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `held_posts` ADD `restored_pending` integer DEFAULT false NOT NULL;