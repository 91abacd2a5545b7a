CREATE TABLE "screening_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "screening_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"application_id" uuid NOT NULL,
	"settings_version" integer NOT NULL,
	"budget_score" smallint NOT NULL,
	"fit_score" smallint NOT NULL,
	"score" smallint NOT NULL,
	"outcome" text NOT NULL,
	"red_flags" text[] NOT NULL,
	"breakdown" jsonb NOT NULL,
	"replaced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "screening_history" ADD CONSTRAINT "screening_history_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_history" ADD CONSTRAINT "screening_history_settings_version_screening_settings_version_fk" FOREIGN KEY ("settings_version") REFERENCES "public"."screening_settings"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "screening_history_application_idx" ON "screening_history" USING btree ("application_id","id");--> statement-breakpoint
CREATE INDEX "applications_rescreen_idx" ON "applications" USING btree ("decision","settings_version","id");