CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"language" text NOT NULL,
	"submission_key" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"company" text NOT NULL,
	"monthly_budget" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"budget_score" smallint NOT NULL,
	"fit_score" smallint NOT NULL,
	"score" smallint NOT NULL,
	"outcome" text NOT NULL,
	"red_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"breakdown" jsonb NOT NULL,
	"settings_version" integer NOT NULL,
	"decision" text DEFAULT 'undecided' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_submission_key_unique" UNIQUE("submission_key"),
	CONSTRAINT "applications_outcome_check" CHECK ("applications"."outcome" in ('qualified', 'review', 'declined', 'spam')),
	CONSTRAINT "applications_decision_check" CHECK ("applications"."decision" in ('undecided', 'invited', 'rejected')),
	CONSTRAINT "applications_language_check" CHECK ("applications"."language" in ('en', 'fr'))
);
--> statement-breakpoint
CREATE TABLE "screening_settings" (
	"version" integer PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"comment" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_settings_version_screening_settings_version_fk" FOREIGN KEY ("settings_version") REFERENCES "public"."screening_settings"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_submitted_at_idx" ON "applications" USING btree ("submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "applications_score_idx" ON "applications" USING btree ("score" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "applications_outcome_submitted_at_idx" ON "applications" USING btree ("outcome","submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST);