import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { outbox, type EmailPayload, type OutboxRow, type OutboxStatus, type WebhookPayload } from '../db/schema.js';

export type OutboxPurpose = 'owner_qualified' | 'applicant_ack' | 'applicant_decline' | 'owner_digest' | 'webhook_qualified';

interface EnqueueBase {
  purpose: OutboxPurpose;
  applicationId: string | null;
  /** At most one row per key, ever: a replayed submission enqueues nothing new. */
  dedupeKey: string | null;
  language: string;
  now: Date;
  /** Not before this time (the automatic decline waits). */
  notBefore?: Date;
}

export type EmailEntry = EnqueueBase & { email: EmailPayload };
export type WebhookEntry = EnqueueBase & { webhook: WebhookPayload; subject: string };

/** Writes an email to the outbox; call it inside the transaction that causes it. */
export async function enqueueEmail(db: Database, entry: EmailEntry): Promise<string | null> {
  return (await enqueueAll(db, [entry]))[0] ?? null;
}

export async function enqueueWebhook(db: Database, entry: WebhookEntry): Promise<string | null> {
  return (await enqueueAll(db, [entry]))[0] ?? null;
}

/**
 * Writes several messages in one statement (one round trip); returns the ids
 * of those written, leaving out any whose dedupe key was already used.
 */
export async function enqueueAll(db: Database, entries: readonly (EmailEntry | WebhookEntry)[]): Promise<string[]> {
  if (entries.length === 0) return [];
  const rows = entries.map((entry) => {
    const [kind, recipient, subject, payload] =
      'email' in entry
        ? (['email', entry.email.to.join(', '), entry.email.subject, entry.email] as const)
        : (['webhook', entry.webhook.url, entry.subject, entry.webhook] as const);
    return {
      id: randomUUID(),
      kind,
      purpose: entry.purpose,
      applicationId: entry.applicationId,
      dedupeKey: entry.dedupeKey,
      recipient,
      subject,
      language: entry.language,
      payload,
      status: 'pending' as const,
      nextAttemptAt: entry.notBefore ?? entry.now,
      createdAt: entry.now,
      updatedAt: entry.now,
    };
  });
  const inserted = await db.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id });
  const written = new Set(inserted.map((row) => row.id));
  return rows.filter((row) => written.has(row.id)).map((row) => row.id);
}

/**
 * Claims due rows for one worker: pending ones whose time has come, and
 * "sending" ones whose lease ran out (their worker died mid-send). SKIP
 * LOCKED lets several workers claim side by side without taking the same row.
 */
export async function claimDue(db: Database, now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
        and(eq(outbox.status, 'sending'), lte(outbox.leaseUntil, now)),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({
      status: 'sending',
      leaseUntil: new Date(now.getTime() + leaseMs),
      attempts: sql`${outbox.attempts} + 1`,
      updatedAt: now,
    })
    .where(inArray(outbox.id, due))
    .returning();
}

export async function markSent(db: Database, id: string, providerId: string | null, now: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'sent', providerId, sentAt: now, leaseUntil: null, lastError: null, updatedAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending')));
}

export async function markRetry(db: Database, id: string, nextAttemptAt: Date, error: string, now: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt, leaseUntil: null, lastError: error.slice(0, 1000), updatedAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending')));
}

export async function markFailed(db: Database, id: string, error: string, now: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'failed', leaseUntil: null, lastError: error.slice(0, 1000), updatedAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending')));
}

/** Cancels what has not gone yet (an automatic decline once the owner invites). */
export async function cancelPending(db: Database, applicationId: string, purpose: OutboxPurpose, now: Date): Promise<number> {
  const cancelled = await db
    .update(outbox)
    .set({ status: 'cancelled', updatedAt: now })
    .where(and(eq(outbox.applicationId, applicationId), eq(outbox.purpose, purpose), eq(outbox.status, 'pending')))
    .returning({ id: outbox.id });
  return cancelled.length;
}

/** "Send again": a fresh row (so a fresh Idempotency-Key) with the same message. */
export async function copyForResend(db: Database, id: string, now: Date): Promise<string | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) return null;
  const copy = randomUUID();
  await db.insert(outbox).values({
    ...row,
    id: copy,
    dedupeKey: null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    lastError: null,
    providerId: null,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
  });
  return copy;
}

export async function findOutbox(db: Database, id: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

export async function outboxForApplication(db: Database, applicationId: string): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(eq(outbox.applicationId, applicationId)).orderBy(asc(outbox.createdAt), asc(outbox.id));
}

export interface OutboxCursor {
  createdAt: string;
  id: string;
}

/** The Emails page: newest first, by keyset. */
export async function listOutbox(
  db: Database,
  filter: { status: OutboxStatus | undefined },
  after: OutboxCursor | undefined,
  limit: number,
): Promise<{ rows: OutboxRow[]; next: OutboxCursor | undefined }> {
  const rows = await db
    .select()
    .from(outbox)
    .where(
      and(
        filter.status ? eq(outbox.status, filter.status) : undefined,
        after ? sql`(${outbox.createdAt}, ${outbox.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    next: rows.length > limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : undefined,
  };
}

export async function countOutboxByStatus(db: Database): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .select({ status: outbox.status, n: sql<number>`count(*)`.mapWith(Number) })
    .from(outbox)
    .groupBy(outbox.status);
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const row of rows) counts[row.status as OutboxStatus] = row.n;
  return counts;
}
