ALTER TABLE "held_posts" ADD COLUMN "message" text;--> statement-breakpoint
ALTER TABLE "held_posts" ADD COLUMN "awaiting_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "held_posts" ADD COLUMN "restored_pending" boolean DEFAULT false NOT NULL;