import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { applications, type ApplicationRow, type Breakdown } from '../db/schema.js';
import type { Answers } from '../domain/answers.js';
import type { Screening } from '../domain/screening.js';
import type { Language } from '../i18n/index.js';

export interface NewApplication {
  id: string;
  submittedAt: Date;
  language: Language;
  submissionKey: string;
  answers: Answers;
  screening: Screening;
  settingsVersion: number;
}

export function breakdownOf(screening: Screening): Breakdown {
  return {
    budgetScore: screening.budgetScore,
    fitScore: screening.fitScore,
    weighted: screening.weighted,
    penalty: screening.penalty,
    flags: screening.flags,
    fit: screening.fit,
    declineReasons: screening.declineReasons,
    spamReasons: screening.spamReasons,
  };
}

/**
 * Stores an application once per submission key. Returns the id of the row
 * that holds that key: the new one, or the one a previous POST stored.
 */
export async function insertApplication(db: Database, application: NewApplication): Promise<{ id: string; created: boolean }> {
  const { answers, screening } = application;
  const inserted = await db
    .insert(applications)
    .values({
      id: application.id,
      submittedAt: application.submittedAt,
      language: application.language,
      submissionKey: application.submissionKey,
      name: answers.name,
      email: answers.email,
      company: answers.company,
      monthlyBudget: answers.monthly_budget,
      answers,
      // The columns hold whole numbers for the owner's list; the breakdown keeps them exact.
      budgetScore: Math.round(screening.budgetScore),
      fitScore: Math.round(screening.fitScore),
      score: screening.score,
      outcome: screening.outcome,
      redFlags: screening.flags.map((flag) => flag.rule),
      breakdown: breakdownOf(screening),
      settingsVersion: application.settingsVersion,
      createdAt: application.submittedAt,
      updatedAt: application.submittedAt,
    })
    .onConflictDoNothing({ target: applications.submissionKey })
    .returning({ id: applications.id });
  const row = inserted[0];
  if (row) return { id: row.id, created: true };
  const [existing] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(eq(applications.submissionKey, application.submissionKey));
  if (!existing) throw new Error('submission key conflict without a stored row');
  return { id: existing.id, created: false };
}

export async function findApplication(db: Database, id: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.id, id));
  return row;
}

/** Keeps the first time the booking link was opened. */
export async function recordBookingOpened(db: Database, id: string, now: Date): Promise<void> {
  await db
    .update(applications)
    .set({ bookingOpenedAt: now })
    .where(and(eq(applications.id, id), isNull(applications.bookingOpenedAt)));
}
