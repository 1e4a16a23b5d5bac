ALTER TABLE "debrief_versions" ADD COLUMN "crisis_file" text;--> statement-breakpoint
ALTER TABLE "debrief_versions" ADD COLUMN "archive_file" text;