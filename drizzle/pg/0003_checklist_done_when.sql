ALTER TABLE "checklist_items" ADD COLUMN "done_when" text;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD COLUMN "link" text;--> statement-breakpoint
-- The flag becomes one of the conditions that tick an item; the flag itself goes in the next migration.
UPDATE "checklist_items" SET "done_when" = 'first_response' WHERE "first_response";
