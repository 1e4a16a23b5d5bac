CREATE TABLE "freeze_requests" (
	"freeze_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"dm_channel" text NOT NULL,
	"dm_ts" text NOT NULL,
	"has_link" boolean DEFAULT false NOT NULL,
	CONSTRAINT "freeze_requests_freeze_id_user_id_pk" PRIMARY KEY("freeze_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "freeze_requests" ADD CONSTRAINT "freeze_requests_freeze_id_account_freezes_id_fk" FOREIGN KEY ("freeze_id") REFERENCES "public"."account_freezes"("id") ON DELETE no action ON UPDATE no action;