ALTER TABLE `responses` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `responses` ADD `claimed_at` integer;--> statement-breakpoint
ALTER TABLE `responses` ADD `author` text;--> statement-breakpoint
ALTER TABLE `responses` ADD `text` text;--> statement-breakpoint
ALTER TABLE `responses` ADD `posted_at` integer;--> statement-breakpoint
ALTER TABLE `responses` ADD `reminded_at` integer;