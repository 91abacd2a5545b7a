import { and, desc, eq, gte, lt } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { applications, outbox, owners, type ApplicationRow } from '../db/schema.js';
import type { Settings } from '../domain/settings.js';
import { enqueueAll, enqueueEmail, type EmailEntry, type WebhookEntry } from '../mail/outbox.js';
import {
  acknowledgementEmail,
  defaultDecline,
  digestEmail,
  ownerQualifiedEmail,
  plainEmail,
  qualifiedWebhook,
  type MessageContext,
} from '../mail/messages.js';

export function messageContext(config: Config): MessageContext {
  return { publicUrl: config.publicUrl, from: config.mailFrom, production: config.env === 'production' };
}

/** True when owner notifications fall back to every owner account (no address in the settings or OWNER_NOTIFY_EMAILS). */
export function notifiesOwnerAccounts(settings: Settings, config: Config): boolean {
  return settings.notifyEmails.length === 0 && config.ownerNotifyEmails.length === 0;
}

/**
 * Where the owner's emails go: the addresses in the settings, else
 * OWNER_NOTIFY_EMAILS, else every owner account, so a qualified lead is never
 * announced to nobody.
 */
export async function ownerRecipients(
  db: Database,
  settings: Settings,
  config: Config,
  ownerAccounts?: readonly string[],
): Promise<string[]> {
  if (settings.notifyEmails.length > 0) return settings.notifyEmails;
  if (config.ownerNotifyEmails.length > 0) return [...config.ownerNotifyEmails];
  if (ownerAccounts) return [...ownerAccounts];
  const rows = await db.select({ email: owners.email }).from(owners);
  return rows.map((row) => row.email);
}

export type StoredApplication = Pick<
  ApplicationRow,
  | 'id'
  | 'name'
  | 'email'
  | 'company'
  | 'score'
  | 'budgetScore'
  | 'fitScore'
  | 'monthlyBudget'
  | 'answers'
  | 'language'
  | 'redFlags'
  | 'outcome'
  | 'breakdown'
  | 'submittedAt'
>;

/**
 * The messages a new application causes, written to the outbox in the same
 * transaction as the application itself. Spam causes none; the owner hears
 * of qualified applicants only (review ones wait for the digest).
 */
export async function enqueueApplicationMessages(
  db: Database,
  application: StoredApplication,
  settings: Settings,
  config: Config,
  now: Date,
  /** The owner accounts' addresses, when the caller has them already (else one query). */
  ownerAccounts?: readonly string[],
): Promise<void> {
  if (application.outcome === 'spam') return;
  const ctx = messageContext(config);
  const base = { applicationId: application.id, language: application.language, now };
  // Written together in one statement at the end.
  const entries: (EmailEntry | WebhookEntry)[] = [];

  if (application.outcome === 'qualified') {
    const to = await ownerRecipients(db, settings, config, ownerAccounts);
    if (to.length > 0) {
      entries.push({
        ...base,
        purpose: 'owner_qualified',
        dedupeKey: `owner_qualified:${application.id}`,
        email: ownerQualifiedEmail(ctx, application, settings, to),
      });
    }
    if (settings.webhookUrl && settings.webhookSecret) {
      entries.push({
        ...base,
        purpose: 'webhook_qualified',
        dedupeKey: `webhook_qualified:${application.id}`,
        subject: `applicant.qualified ${application.name}`,
        webhook: qualifiedWebhook(ctx, application, settings.webhookUrl, settings.webhookSecret),
      });
    }
  }

  const bookingLink =
    application.outcome === 'qualified' && settings.bookingUrl ? `${ctx.publicUrl}/apply/thanks/${application.id}/book` : null;
  entries.push({
    ...base,
    purpose: 'applicant_ack',
    dedupeKey: `applicant_ack:${application.id}`,
    email: acknowledgementEmail(ctx, application, bookingLink),
  });

  if (application.outcome === 'declined' && settings.autoDecline.enabled) {
    const decline = defaultDecline(application);
    entries.push({
      ...base,
      purpose: 'applicant_decline',
      dedupeKey: `applicant_decline_auto:${application.id}`,
      notBefore: new Date(now.getTime() + settings.autoDecline.delayHours * 3600 * 1000),
      email: plainEmail(ctx, application, decline.subject, decline.body),
    });
  }
  await enqueueAll(db, entries);
}

/** The hour (UTC) the daily digest of applicants to review goes out. */
export const DIGEST_HOUR_UTC = 8;

/**
 * Once a day, after DIGEST_HOUR_UTC, one email listing the review applicants
 * that arrived since the previous digest. The dedupe key makes it one per day
 * however many workers run.
 */
export async function enqueueDailyDigest(db: Database, settings: Settings, config: Config, now: Date): Promise<boolean> {
  if (!settings.dailyDigest || now.getUTCHours() < DIGEST_HOUR_UTC) return false;
  const day = now.toISOString().slice(0, 10);
  const dedupeKey = `owner_digest:${day}`;
  const [already] = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey));
  if (already) return false;
  const [previous] = await db
    .select({ createdAt: outbox.createdAt })
    .from(outbox)
    .where(eq(outbox.purpose, 'owner_digest'))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  const since = previous?.createdAt ?? new Date(now.getTime() - 24 * 3600 * 1000);
  const items = await db
    .select()
    .from(applications)
    .where(and(eq(applications.outcome, 'review'), eq(applications.decision, 'undecided'), gte(applications.submittedAt, since), lt(applications.submittedAt, now)))
    .orderBy(desc(applications.score))
    .limit(200);
  if (items.length === 0) return false;
  const to = await ownerRecipients(db, settings, config);
  if (to.length === 0) return false;
  const lang = items.every((a) => a.language === 'fr') ? 'fr' : 'en';
  const id = await enqueueEmail(db, {
    purpose: 'owner_digest',
    applicationId: null,
    dedupeKey,
    language: lang,
    now,
    email: digestEmail(messageContext(config), lang, items, settings, to),
  });
  return id !== null;
}
