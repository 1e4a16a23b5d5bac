CREATE TABLE `freeze_requests` (
	`freeze_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`dm_channel` text NOT NULL,
	`dm_ts` text NOT NULL,
	`has_link` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`freeze_id`, `user_id`),
	FOREIGN KEY (`freeze_id`) REFERENCES `account_freezes`(`id`) ON UPDATE no action ON DELETE no action
);
