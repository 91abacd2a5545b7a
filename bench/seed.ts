import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { parseAnswers } from '../src/domain/answers.js';
import { screen } from '../src/domain/screening.js';
import { DEFAULT_SETTINGS } from '../src/domain/settings.js';
import { breakdownOf } from '../src/repositories/applications.js';
import { ensureDefaultSettings } from '../src/repositories/settings.js';

/**
 * `npm run seed:bench`: fills a PostgreSQL database with BENCH_ROWS (default
 * 1,000,000) screened applicants for the list and re-screen benchmarks.
 * Rows are generated inside PostgreSQL in chunks from one realistic template,
 * with varied names, budgets, scores, outcomes and dates.
 */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/screening_bench_list';

export async function seed(url: string, rows: number, log: (line: string) => void = console.log): Promise<void> {
  const database = await openDatabase({ url, maxConnections: 2 });
  try {
    await database.migrate();
    await ensureDefaultSettings(database.db);
    const existing = (await database.db.execute(sql`select count(*)::int as n from applications`)) as unknown as { n: number }[];
    const have = Number((existing as { n: number }[])[0]?.n ?? 0);
    if (have >= rows) {
      log(`${have} applicants already there`);
      return;
    }
    const parsed = parseAnswers({
      name: 'Bench', email: 'bench@example.com', company: 'Bench SARL', website: '', role: 'owner', decision_maker: 'yes',
      used_seo_before: 'yes', previous_agencies: '1', seo_history: 'A freelancer for two years; it ended when she moved on.',
      ideal_customer: 'Families and professionals in Lyon looking for a dentist, about 40 new patients a month.',
      customer_ltv: '12000', monthly_budget: '5000', goals: 'Reach 40 new patient bookings a month from Google by June 2027.',
      start_timeline: 'now', results_horizon: 'six_months', update_frequency: 'monthly', contact_preference: 'email',
      payment_terms: 'on_invoice', scope_changes: 'change_request', recommendations: 'discuss', anything_else: '',
    });
    if (!parsed.ok) throw new Error('bench template does not validate');
    const breakdown = JSON.stringify(breakdownOf(screen(parsed.answers, DEFAULT_SETTINGS)));
    const answers = JSON.stringify(parsed.answers);
    const chunk = 100_000;
    for (let from = have; from < rows; from += chunk) {
      const to = Math.min(rows, from + chunk);
      await database.db.execute(sql`
        insert into applications (id, submitted_at, language, submission_key, name, email, company, monthly_budget, answers,
          budget_score, fit_score, score, outcome, red_flags, breakdown, settings_version, decision, created_at, updated_at)
        select gen_random_uuid(),
               timestamptz '2026-11-01 00:00:00+00' - make_interval(secs => g),
               case when g % 5 = 0 then 'fr' else 'en' end,
               'bench-' || g,
               'Applicant ' || g,
               'applicant' || g || '@example.com',
               'Company ' || (g % 5000),
               (g * 37) % 9000 + 500,
               jsonb_set(jsonb_set(jsonb_set(${answers}::jsonb, '{name}', to_jsonb('Applicant ' || g)),
                 '{email}', to_jsonb('applicant' || g || '@example.com')), '{monthly_budget}', to_jsonb((g * 37) % 9000 + 500)),
               least(100, (g * 37) % 9000 / 35), 80, g % 101,
               case when g % 101 >= 70 then 'qualified' when g % 101 >= 40 then 'review' when g % 53 = 0 then 'spam' else 'declined' end,
               case when g % 7 = 0 then array['urgency'] else '{}'::text[] end,
               ${breakdown}::jsonb, 1,
               case when g % 11 = 0 then 'invited' when g % 13 = 0 then 'rejected' else 'undecided' end,
               now(), now()
        from generate_series(${from + 1}::int, ${to}::int) as g`);
      log(`  ${to} / ${rows} applicants`);
    }
    await database.db.execute(sql`analyze applications`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const url = new URL(BENCH_DATABASE_URL);
  const admin = new URL(BENCH_DATABASE_URL);
  admin.pathname = '/postgres';
  const postgres = (await import('postgres')).default;
  const server = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  const name = url.pathname.slice(1);
  const found = await server`select 1 from pg_database where datname = ${name}`;
  if (found.length === 0) await server.unsafe(`create database "${name}"`);
  await server.end();
  console.log(`Seeding ${rows} applicants into ${name}…`);
  await seed(BENCH_DATABASE_URL, rows);
  console.log('done');
}
