CREATE TABLE `hootsuite_tokens` (
	`id` integer PRIMARY KEY DEFAULT 1 NOT NULL,
	`seed` text NOT NULL,
	`refresh_token` text NOT NULL,
	`access_token` text,
	`expires_at` integer,
	`refreshed_at` integer,
	`refusal` text,
	`refused_at` integer
);
