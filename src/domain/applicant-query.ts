import { z } from 'zod';
import { OUTCOMES, type Outcome } from './screening.js';
import { RULE_IDS, type RuleId } from './settings.js';

export const DECISIONS = ['undecided', 'invited', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

export const SORTS = ['date_desc', 'date_asc', 'score_desc', 'score_asc'] as const;
export type Sort = (typeof SORTS)[number];

export const PAGE_SIZE = 50;

/** What the owner's list, its CSV and the detail page's previous/next share. */
export interface ApplicantFilters {
  q: string | undefined;
  outcome: Outcome | undefined;
  decision: Decision | undefined;
  flag: RuleId | undefined;
  /** Inclusive day range on the submission date (UTC), `YYYY-MM-DD`. */
  from: string | undefined;
  to: string | undefined;
  /** `not_opened`: qualified applicants who never followed the booking link. */
  booking: 'not_opened' | undefined;
}

export interface Cursor {
  sort: Sort;
  score: number;
  submittedAt: string;
  id: string;
}

export interface ApplicantQuery {
  filters: ApplicantFilters;
  sort: Sort;
  after: Cursor | undefined;
  before: Cursor | undefined;
}

const empty = (value: unknown) => (value === '' ? undefined : value);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s));

const querySchema = z.object({
  q: z.preprocess(empty, z.string().trim().max(200).optional()).transform((s) => (s === '' ? undefined : s)),
  outcome: z.preprocess(empty, z.enum(OUTCOMES).optional()),
  decision: z.preprocess(empty, z.enum(DECISIONS).optional()),
  flag: z.preprocess(empty, z.enum(RULE_IDS).optional()),
  from: z.preprocess(empty, day.optional()),
  to: z.preprocess(empty, day.optional()),
  booking: z.preprocess(empty, z.literal('not_opened').optional()),
  sort: z.preprocess(empty, z.enum(SORTS).default('date_desc')),
  after: z.preprocess(empty, z.string().max(500).optional()),
  before: z.preprocess(empty, z.string().max(500).optional()),
});

const cursorSchema = z.object({
  k: z.enum(SORTS),
  s: z.number().int().min(0).max(100),
  t: z.iso.datetime(),
  i: z.uuid(),
});

export function encodeCursor(cursor: Cursor): string {
  const payload = { k: cursor.sort, s: cursor.score, t: cursor.submittedAt, i: cursor.id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The cursor, or null when it was tampered with or belongs to another sort. */
export function decodeCursor(value: string, sort: Sort): Cursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success || parsed.data.k !== sort) return null;
  return { sort, score: parsed.data.s, submittedAt: parsed.data.t, id: parsed.data.i };
}

export type QueryParseResult = { ok: true; query: ApplicantQuery } | { ok: false; problem: 'filters' | 'cursor' };

/** Parses the list's query string; anything unknown or malformed is a 400, never a guess. */
export function parseApplicantQuery(input: Record<string, unknown>): QueryParseResult {
  const single: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (Array.isArray(value)) return { ok: false, problem: 'filters' };
    single[key] = value;
  }
  const parsed = querySchema.safeParse(single);
  if (!parsed.success) return { ok: false, problem: 'filters' };
  const { sort, after, before, ...filters } = parsed.data;
  const afterCursor = after === undefined ? undefined : decodeCursor(after, sort);
  const beforeCursor = before === undefined ? undefined : decodeCursor(before, sort);
  if (afterCursor === null || beforeCursor === null) return { ok: false, problem: 'cursor' };
  return {
    ok: true,
    query: {
      filters: {
        q: filters.q,
        outcome: filters.outcome,
        decision: filters.decision,
        flag: filters.flag,
        from: filters.from,
        to: filters.to,
        booking: filters.booking,
      },
      sort,
      after: afterCursor,
      before: beforeCursor,
    },
  };
}

/** The query string that reproduces filters and sort (no cursor): for links, CSV and "back to list". */
export function filtersToSearch(filters: ApplicantFilters, sort: Sort, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined) params.set(key, String(value));
  if (sort !== 'date_desc') params.set('sort', sort);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const search = params.toString();
  return search ? `?${search}` : '';
}
