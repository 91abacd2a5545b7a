import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Answers } from '../domain/answers.js';
import type { DeclineReason, Evidence, FitBreakdown, Flag, SpamReason } from '../domain/screening.js';
import type { Settings } from '../domain/settings.js';

/**
 * Screening settings, one immutable row per version. Version 1 holds the
 * defaults of questionnaire.md and is written at the first start.
 */
export const screeningSettings = pgTable('screening_settings', {
  version: integer('version').primaryKey(),
  settings: jsonb('settings').$type<Settings>().notNull(),
  comment: text('comment'),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What a screening explains, stored whole with the application. */
export interface Breakdown {
  budgetScore: number;
  fitScore: number;
  weighted: number;
  penalty: number;
  flags: Flag[];
  fit: FitBreakdown;
  declineReasons: DeclineReason[];
  spamReasons: SpamReason[];
}
export type { Evidence };

export const applications = pgTable(
  'applications',
  {
    /** Random (v4) and so unguessable: it is the thank-you page's address. */
    id: uuid('id').primaryKey(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    language: text('language').notNull(),
    /** From the form: a second POST with the same key stores nothing new. */
    submissionKey: text('submission_key').notNull().unique(),
    // Copied out of `answers` for the owner's list, search and sort.
    name: text('name').notNull(),
    email: text('email').notNull(),
    company: text('company').notNull(),
    monthlyBudget: integer('monthly_budget').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    budgetScore: smallint('budget_score').notNull(),
    fitScore: smallint('fit_score').notNull(),
    score: smallint('score').notNull(),
    outcome: text('outcome').notNull(),
    redFlags: text('red_flags').array().notNull().default(sql`'{}'::text[]`),
    breakdown: jsonb('breakdown').$type<Breakdown>().notNull(),
    settingsVersion: integer('settings_version')
      .notNull()
      .references(() => screeningSettings.version),
    decision: text('decision').notNull().default('undecided'),
    /** First time the prospect followed the booking link from the thank-you page or email. */
    bookingOpenedAt: timestamp('booking_opened_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('applications_submitted_at_idx').on(table.submittedAt, table.id),
    index('applications_outcome_submitted_at_idx').on(table.outcome, table.submittedAt, table.id),
    index('applications_outcome_score_idx').on(table.outcome, table.score, table.submittedAt, table.id),
    index('applications_score_submitted_at_idx').on(table.score, table.submittedAt, table.id),
    index('applications_decision_submitted_at_idx').on(table.decision, table.submittedAt, table.id),
    // Re-screening walks the undecided applicants screened under older versions.
    index('applications_rescreen_idx').on(table.decision, table.settingsVersion, table.id),
    index('applications_red_flags_idx').using('gin', table.redFlags),
    index('applications_search_idx').using(
      'gin',
      sql`(lower(${table.name} || ' ' || ${table.email} || ' ' || ${table.company})) gin_trgm_ops`,
    ),
    check('applications_outcome_check', sql`${table.outcome} in ('qualified', 'review', 'declined', 'spam')`),
    check('applications_decision_check', sql`${table.decision} in ('undecided', 'invited', 'rejected')`),
    check('applications_language_check', sql`${table.language} in ('en', 'fr')`),
  ],
);

export type ApplicationRow = typeof applications.$inferSelect;
export type NewApplicationRow = typeof applications.$inferInsert;

/** People who run the agency and review applicants. */
export const owners = pgTable('owners', {
  id: uuid('id').primaryKey(),
  /** Stored lower-cased: one account per address whatever the capitals. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type OwnerRow = typeof owners.$inferSelect;

/**
 * Owner sessions, revocable on the server. The cookie holds a random token;
 * only its SHA-256 is stored, so a leaked table cannot be replayed.
 */
export const ownerSessions = pgTable(
  'owner_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Absolute end, however active the session is. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('owner_sessions_owner_idx').on(table.ownerId)],
);

/** Failed logins, per account and per address, for the login rate limit. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    address: text('address').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('login_failures_email_idx').on(table.email, table.failedAt),
    index('login_failures_address_idx').on(table.address, table.failedAt),
  ],
);

/** One-time links that let the first owner choose a password in the browser. */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** What owners did with an applicant: notes and decisions, oldest first. */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').references(() => owners.id, { onDelete: 'set null' }),
    /** Kept when the owner account is deleted. */
    ownerEmail: text('owner_email').notNull(),
    kind: text('kind').notNull(),
    decision: text('decision'),
    body: text('body').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('application_events_application_idx').on(table.applicationId, table.createdAt),
    check('application_events_kind_check', sql`${table.kind} in ('note', 'decision')`),
    check(
      'application_events_decision_check',
      sql`${table.decision} is null or ${table.decision} in ('undecided', 'invited', 'rejected')`,
    ),
  ],
);
export type ApplicationEventRow = typeof applicationEvents.$inferSelect;

/**
 * Earlier screenings of an application: written when a re-screen under a new
 * settings version replaces the current one, so nothing of the past is lost.
 */
export const screeningHistory = pgTable(
  'screening_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    settingsVersion: integer('settings_version')
      .notNull()
      .references(() => screeningSettings.version),
    budgetScore: smallint('budget_score').notNull(),
    fitScore: smallint('fit_score').notNull(),
    score: smallint('score').notNull(),
    outcome: text('outcome').notNull(),
    redFlags: text('red_flags').array().notNull(),
    breakdown: jsonb('breakdown').$type<Breakdown>().notNull(),
    /** When this screening stopped being the current one. */
    replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('screening_history_application_idx').on(table.applicationId, table.id)],
);
export type ScreeningHistoryRow = typeof screeningHistory.$inferSelect;

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface EmailPayload {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  replyTo?: string | undefined;
}
export interface WebhookPayload {
  url: string;
  /** The exact bytes that are signed and sent. */
  body: string;
  /** hex HMAC-SHA256 of `body` with the webhook secret. */
  signature: string;
}

/**
 * Transactional outbox: emails and webhooks are written in the same
 * transaction as what causes them, then delivered by the worker. The row id
 * is the Idempotency-Key on every attempt.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    purpose: text('purpose').notNull(),
    applicationId: uuid('application_id').references(() => applications.id, { onDelete: 'cascade' }),
    /** One row per business event (e.g. one owner email per qualified applicant). */
    dedupeKey: text('dedupe_key').unique(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    language: text('language').notNull(),
    payload: jsonb('payload').$type<EmailPayload | WebhookPayload>().notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    index('outbox_due_idx').on(table.status, table.nextAttemptAt),
    index('outbox_application_idx').on(table.applicationId, table.createdAt),
    index('outbox_created_idx').on(table.createdAt, table.id),
    check('outbox_kind_check', sql`${table.kind} in ('email', 'webhook')`),
    check('outbox_status_check', sql`${table.status} in ('pending', 'sending', 'sent', 'failed', 'cancelled')`),
  ],
);
export type OutboxRow = typeof outbox.$inferSelect;
