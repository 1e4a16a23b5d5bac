ALTER TABLE `plan_reviews` ADD `asked_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `plan_reviews_once_per_ask` ON `plan_reviews` (`kind`,`asked_at`);