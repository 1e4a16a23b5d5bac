ALTER TABLE "responses" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "claimed_at" bigint;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "author" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "text" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "posted_at" bigint;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "reminded_at" bigint;