import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { applications, screeningHistory, screeningSettings, type ScreeningHistoryRow } from '../db/schema.js';
import type { PastApplication } from '../domain/preview.js';
import { screen, type Outcome, type SpamReason } from '../domain/screening.js';
import { withDefaults, type Settings } from '../domain/settings.js';
import { breakdownOf } from './applications.js';
import type { SettingsVersion } from './settings.js';

// ---- settings versions ----------------------------------------------------

/** Saves settings as the next version; versions are never changed afterwards. */
export async function saveSettingsVersion(
  db: Database,
  settings: Settings,
  meta: { createdBy: string; comment: string | null },
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    // Serialise saves so two owners saving at once get versions N and N+1.
    await tx.execute(sql`select pg_advisory_xact_lock(727310042)`);
    const [latest] = await tx
      .select({ version: screeningSettings.version })
      .from(screeningSettings)
      .orderBy(desc(screeningSettings.version))
      .limit(1);
    const version = (latest?.version ?? 0) + 1;
    await tx.insert(screeningSettings).values({ version, settings, comment: meta.comment, createdBy: meta.createdBy, createdAt: now });
    return version;
  });
}

export async function listSettingsVersions(db: Database): Promise<SettingsVersion[]> {
  const rows = await db.select().from(screeningSettings).orderBy(desc(screeningSettings.version));
  return rows.map((row) => ({ ...row, settings: withDefaults(row.settings) }));
}

// ---- preview -----------------------------------------------------------------

/** The most recent applications (all of them when `limit` is null), as a replay needs them. */
export async function recentForPreview(db: Database, limit: number | null): Promise<PastApplication[]> {
  const query = db
    .select({
      id: applications.id,
      name: applications.name,
      company: applications.company,
      outcome: applications.outcome,
      score: applications.score,
      answers: applications.answers,
      spamReasons: sql<SpamReason[]>`${applications.breakdown} -> 'spamReasons'`,
    })
    .from(applications)
    .orderBy(desc(applications.submittedAt), desc(applications.id));
  const rows = limit === null ? await query : await query.limit(limit);
  return rows.map((row) => ({ ...row, outcome: row.outcome as Outcome, spamReasons: row.spamReasons ?? [] }));
}

// ---- re-screening ------------------------------------------------------------

/** Undecided applications screened under another version than `version`. */
export async function countPendingRescreen(db: Database, version: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(applications)
    .where(and(eq(applications.decision, 'undecided'), ne(applications.settingsVersion, version)));
  return row?.n ?? 0;
}

/**
 * Re-screens one batch of undecided applications under `target`, in one
 * transaction: each keeps its previous screening in screening_history. An
 * applicant decided meanwhile is left alone (rows are locked, then checked).
 */
export async function rescreenBatch(
  db: Database,
  target: { version: number; settings: Settings },
  afterId: string | null,
  limit: number,
  now: Date,
): Promise<{ scanned: number; rescreened: number; lastId: string | null }> {
  const pending = and(eq(applications.decision, 'undecided'), ne(applications.settingsVersion, target.version));
  const candidates = await db
    .select({
      id: applications.id,
      answers: applications.answers,
      spamReasons: sql<SpamReason[]>`${applications.breakdown} -> 'spamReasons'`,
    })
    .from(applications)
    .where(and(pending, afterId ? gt(applications.id, afterId) : undefined))
    .orderBy(asc(applications.id))
    .limit(limit);
  if (candidates.length === 0) return { scanned: 0, rescreened: 0, lastId: null };

  const updates = candidates.map((row) => {
    const spam = row.spamReasons ?? [];
    const result = screen(row.answers, target.settings, { honeypot: spam.includes('honeypot'), tooFast: spam.includes('too_fast') });
    return {
      id: row.id,
      budget_score: Math.round(result.budgetScore),
      fit_score: Math.round(result.fitScore),
      score: result.score,
      outcome: result.outcome,
      red_flags: result.flags.map((flag) => flag.rule).join(';'),
      breakdown: breakdownOf(result),
    };
  });

  const rescreened = await db.transaction(async (tx) => {
    const locked = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(pending, inArray(applications.id, updates.map((u) => u.id))))
      .for('update');
    if (locked.length === 0) return 0;
    const ids = locked.map((row) => row.id);
    await tx.execute(sql`
      insert into ${screeningHistory}
        (application_id, settings_version, budget_score, fit_score, score, outcome, red_flags, breakdown, replaced_at)
      select id, settings_version, budget_score, fit_score, score, outcome, red_flags, breakdown, ${now.toISOString()}::timestamptz
      from ${applications}
      where ${inArray(applications.id, ids)}`);
    const keep = new Set(ids);
    const payload = JSON.stringify(updates.filter((u) => keep.has(u.id)));
    await tx.execute(sql`
      update ${applications} as a set
        budget_score = v.budget_score,
        fit_score = v.fit_score,
        score = v.score,
        outcome = v.outcome,
        red_flags = case when v.red_flags = '' then '{}'::text[] else string_to_array(v.red_flags, ';') end,
        breakdown = v.breakdown,
        settings_version = ${target.version},
        updated_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${payload}::jsonb)
        as v(id uuid, budget_score smallint, fit_score smallint, score smallint, outcome text, red_flags text, breakdown jsonb)
      where a.id = v.id`);
    return ids.length;
  });
  return { scanned: candidates.length, rescreened, lastId: candidates[candidates.length - 1]?.id ?? null };
}

export async function screeningHistoryOf(db: Database, applicationId: string): Promise<ScreeningHistoryRow[]> {
  return db
    .select()
    .from(screeningHistory)
    .where(eq(screeningHistory.applicationId, applicationId))
    .orderBy(desc(screeningHistory.id));
}
