CREATE TABLE `roster_emails` (
	`email` text PRIMARY KEY NOT NULL,
	`slack_id` text NOT NULL,
	`resolved_at` integer NOT NULL
);
