CREATE TABLE `home_views` (
	`user_id` text PRIMARY KEY NOT NULL,
	`opened_at` integer NOT NULL
);
