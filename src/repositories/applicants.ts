import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { applicationEvents, applications, type ApplicationEventRow, type ApplicationRow } from '../db/schema.js';
import type { ApplicantFilters, Cursor, Decision, Sort } from '../domain/applicant-query.js';
import { OUTCOMES, type Outcome } from '../domain/screening.js';
import { cancelPending } from '../mail/outbox.js';
import type { Owner } from './owners.js';

/** The search expression, written exactly as the trigram index is. */
const searchText = sql`lower(${applications.name} || ' ' || ${applications.email} || ' ' || ${applications.company})`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type FilterKey = keyof ApplicantFilters;

function conditions(filters: ApplicantFilters, except: FilterKey[] = []): SQL | undefined {
  const parts: SQL[] = [];
  const use = (key: FilterKey) => filters[key] !== undefined && !except.includes(key);
  if (use('q')) parts.push(sql`${searchText} like ${`%${escapeLike((filters.q as string).toLowerCase())}%`}`);
  if (use('outcome')) parts.push(eq(applications.outcome, filters.outcome as string));
  if (use('decision')) parts.push(eq(applications.decision, filters.decision as string));
  if (use('flag')) parts.push(sql`${applications.redFlags} @> array[${filters.flag as string}]::text[]`);
  if (use('from')) parts.push(sql`${applications.submittedAt} >= ${`${filters.from}T00:00:00Z`}::timestamptz`);
  if (use('booking')) parts.push(sql`${applications.outcome} = 'qualified' and ${applications.bookingOpenedAt} is null`);
  if (use('to')) parts.push(sql`${applications.submittedAt} < (${`${filters.to}T00:00:00Z`}::timestamptz + interval '1 day')`);
  return parts.length > 0 ? and(...parts) : undefined;
}

const byScore = (sort: Sort) => sort === 'score_desc' || sort === 'score_asc';
const descending = (sort: Sort) => sort === 'date_desc' || sort === 'score_desc';

function orderBy(sort: Sort, reverse = false) {
  const direction = descending(sort) !== reverse ? desc : asc;
  return byScore(sort)
    ? [direction(applications.score), direction(applications.submittedAt), direction(applications.id)]
    : [direction(applications.submittedAt), direction(applications.id)];
}

/** Rows strictly after (or before) the cursor in the sort's order: a keyset, never OFFSET. */
function beyond(sort: Sort, cursor: Cursor, side: 'after' | 'before'): SQL {
  const later = descending(sort) === (side === 'after') ? sql`<` : sql`>`;
  const at = sql`${cursor.submittedAt}::timestamptz`;
  const id = sql`${cursor.id}::uuid`;
  return byScore(sort)
    ? sql`(${applications.score}, ${applications.submittedAt}, ${applications.id}) ${later} (${cursor.score}::smallint, ${at}, ${id})`
    : sql`(${applications.submittedAt}, ${applications.id}) ${later} (${at}, ${id})`;
}

export function cursorOf(sort: Sort, row: { score: number; submittedAt: Date; id: string }): Cursor {
  return { sort, score: row.score, submittedAt: row.submittedAt.toISOString(), id: row.id };
}

const listColumns = {
  id: applications.id,
  name: applications.name,
  company: applications.company,
  email: applications.email,
  submittedAt: applications.submittedAt,
  monthlyBudget: applications.monthlyBudget,
  score: applications.score,
  outcome: applications.outcome,
  redFlags: applications.redFlags,
  decision: applications.decision,
};
export type ApplicantListRow = {
  id: string;
  name: string;
  company: string;
  email: string;
  submittedAt: Date;
  monthlyBudget: number;
  score: number;
  outcome: string;
  redFlags: string[];
  decision: string;
};

export interface ApplicantPage {
  rows: ApplicantListRow[];
  /** Cursor of the page after this one, when there is one. */
  next: Cursor | undefined;
  /** Cursor of the page before this one, when there is one. */
  previous: Cursor | undefined;
}

/**
 * One page of the list. `after` pages forward; `before` pages back (read in
 * reverse, then turned around). One extra row tells whether more follow.
 */
export async function listApplicants(
  db: Database,
  filters: ApplicantFilters,
  sort: Sort,
  position: { after?: Cursor | undefined; before?: Cursor | undefined },
  limit: number,
): Promise<ApplicantPage> {
  const backwards = position.before !== undefined && position.after === undefined;
  const where = and(
    conditions(filters),
    position.after ? beyond(sort, position.after, 'after') : undefined,
    backwards && position.before ? beyond(sort, position.before, 'before') : undefined,
  );
  const fetched = await db
    .select(listColumns)
    .from(applications)
    .where(where)
    .orderBy(...orderBy(sort, backwards))
    .limit(limit + 1);
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : position.after !== undefined;
  return {
    rows,
    next: hasNext && last ? cursorOf(sort, last) : undefined,
    previous: hasPrevious && first ? cursorOf(sort, first) : undefined,
  };
}

export interface ListSummary {
  /** Per outcome, under every filter but the outcome (the tabs). */
  outcomes: Record<Outcome, number>;
  /** Per decision, under every filter but the decision. */
  decisions: Record<Decision, number>;
  /** Per score decile (the last holds 90–100), under every filter. */
  buckets: number[];
}

/**
 * The tab counts and the histogram in one pass over the matching rows
 * (grouping sets), instead of three scans.
 */
export async function listSummary(db: Database, filters: ApplicantFilters): Promise<ListSummary> {
  const bucketExpr = sql`least(${applications.score} / 10, 9)`;
  const outcomeCond = filters.outcome ? sql`${applications.outcome} = ${filters.outcome}` : sql`true`;
  const decisionCond = filters.decision ? sql`${applications.decision} = ${filters.decision}` : sql`true`;
  const rows = await db
    .select({
      outcome: applications.outcome,
      decision: applications.decision,
      bucket: sql<number | null>`${bucketExpr}`.mapWith((v) => (v === null ? null : Number(v))),
      forOutcome: sql<number>`count(*) filter (where ${decisionCond})`.mapWith(Number),
      forDecision: sql<number>`count(*) filter (where ${outcomeCond})`.mapWith(Number),
      forBucket: sql<number>`count(*) filter (where ${outcomeCond} and ${decisionCond})`.mapWith(Number),
      set: sql<number>`grouping(${applications.outcome}) * 4 + grouping(${applications.decision}) * 2 + grouping(${bucketExpr})`.mapWith(Number),
    })
    .from(applications)
    .where(conditions(filters, ['outcome', 'decision']))
    .groupBy(sql`grouping sets ((${applications.outcome}), (${applications.decision}), (${bucketExpr}))`);
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const decisions: Record<Decision, number> = { undecided: 0, invited: 0, rejected: 0 };
  const buckets = new Array<number>(10).fill(0);
  for (const row of rows) {
    // grouping() is 1 for the columns a row does not group by.
    if (row.set === 3) outcomes[row.outcome as Outcome] = row.forOutcome;
    else if (row.set === 5) decisions[row.decision as Decision] = row.forDecision;
    else if (row.set === 6 && row.bucket !== null) buckets[row.bucket] = row.forBucket;
  }
  return { outcomes, decisions, buckets };
}

/** Every matching application, whole, in list order, read in keyset batches (for the CSV). */
export async function* iterateApplicants(
  db: Database,
  filters: ApplicantFilters,
  sort: Sort,
  batchSize = 1000,
): AsyncGenerator<ApplicationRow> {
  let after: Cursor | undefined;
  for (;;) {
    const batch = await db
      .select()
      .from(applications)
      .where(and(conditions(filters), after ? beyond(sort, after, 'after') : undefined))
      .orderBy(...orderBy(sort))
      .limit(batchSize);
    yield* batch;
    const last = batch[batch.length - 1];
    if (batch.length < batchSize || !last) return;
    after = cursorOf(sort, last);
  }
}

/** The applicants just before and after this one in the owner's current list. */
export async function neighbours(
  db: Database,
  filters: ApplicantFilters,
  sort: Sort,
  row: { score: number; submittedAt: Date; id: string },
): Promise<{ previous: string | undefined; next: string | undefined }> {
  const cursor = cursorOf(sort, row);
  const [before, after] = await Promise.all([
    listApplicants(db, filters, sort, { before: cursor }, 1),
    listApplicants(db, filters, sort, { after: cursor }, 1),
  ]);
  return { previous: before.rows[0]?.id, next: after.rows[0]?.id };
}

// ---- decisions, notes, deletion -----------------------------------------

export async function listEvents(db: Database, applicationId: string): Promise<ApplicationEventRow[]> {
  return db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(asc(applicationEvents.createdAt), asc(applicationEvents.id));
}

/** Sets the owner's decision and records it, with its optional note, in one transaction. */
export async function recordDecision(
  db: Database,
  applicationId: string,
  decision: Decision,
  note: string,
  owner: Owner,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(applications)
      .set({ decision, updatedAt: now })
      .where(eq(applications.id, applicationId))
      .returning({ id: applications.id });
    if (updated.length === 0) return false;
    // Inviting (or reconsidering) stops an automatic decline that has not gone yet.
    if (decision !== 'rejected') await cancelPending(tx, applicationId, 'applicant_decline', now);
    await tx.insert(applicationEvents).values({
      id: randomUUID(),
      applicationId,
      ownerId: owner.id,
      ownerEmail: owner.email,
      kind: 'decision',
      decision,
      body: note,
      createdAt: now,
    });
    return true;
  });
}

export async function addNote(db: Database, applicationId: string, body: string, owner: Owner, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, applicationId));
    if (!exists) return false;
    await tx.insert(applicationEvents).values({
      id: randomUUID(),
      applicationId,
      ownerId: owner.id,
      ownerEmail: owner.email,
      kind: 'note',
      body,
      createdAt: now,
    });
    return true;
  });
}

/** Erases an applicant and everything attached to it (the events go by cascade). */
export async function deleteApplicant(db: Database, applicationId: string): Promise<boolean> {
  const deleted = await db.delete(applications).where(eq(applications.id, applicationId)).returning({ id: applications.id });
  return deleted.length > 0;
}
