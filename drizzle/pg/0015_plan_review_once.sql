ALTER TABLE "plan_reviews" ADD COLUMN "asked_at" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_reviews_once_per_ask" ON "plan_reviews" USING btree ("kind","asked_at");