-- ORDER BY x DESC sorts NULLS FIRST; the earlier DESC NULLS LAST indexes could not serve it, so
-- PostgreSQL sorted whole tables. Plain ascending indexes are read backwards for DESC.
DROP INDEX "applications_submitted_at_idx";--> statement-breakpoint
DROP INDEX "applications_outcome_submitted_at_idx";--> statement-breakpoint
DROP INDEX "applications_outcome_score_idx";--> statement-breakpoint
DROP INDEX "applications_score_submitted_at_idx";--> statement-breakpoint
DROP INDEX "applications_decision_submitted_at_idx";--> statement-breakpoint
DROP INDEX "outbox_created_idx";--> statement-breakpoint
CREATE INDEX "applications_submitted_at_idx" ON "applications" USING btree ("submitted_at","id");--> statement-breakpoint
CREATE INDEX "applications_outcome_submitted_at_idx" ON "applications" USING btree ("outcome","submitted_at","id");--> statement-breakpoint
CREATE INDEX "applications_outcome_score_idx" ON "applications" USING btree ("outcome","score","submitted_at","id");--> statement-breakpoint
CREATE INDEX "applications_score_submitted_at_idx" ON "applications" USING btree ("score","submitted_at","id");--> statement-breakpoint
CREATE INDEX "applications_decision_submitted_at_idx" ON "applications" USING btree ("decision","submitted_at","id");--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "outbox" USING btree ("created_at","id");