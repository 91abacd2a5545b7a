import { parseAnswers, type Answers } from '../src/domain/answers.js';
import { replayScreening } from '../src/domain/preview.js';
import { screen } from '../src/domain/screening.js';
import { DEFAULT_SETTINGS } from '../src/domain/settings.js';
import { openDatabase } from '../src/db/client.js';
import { recentForPreview } from '../src/repositories/screenings.js';
import { BENCH_DATABASE_URL } from './seed.js';

/** The screening function alone and the preview, without the servers (a quick subset of npm run bench). */
const base: Record<string, string> = {
  name: 'Camille Durand', email: 'camille@example.com', company: 'Cabinet Dentaire Durand', website: '', role: 'owner',
  decision_maker: 'yes', used_seo_before: 'yes', previous_agencies: '1', seo_history: 'A freelancer built our site in 2021.',
  ideal_customer: 'Families and professionals in Lyon looking for a dentist, about 40 new patients a month.',
  customer_ltv: '12000', monthly_budget: '5000', goals: 'Reach 40 new patient bookings a month from Google by June 2027.',
  start_timeline: 'now', results_horizon: 'six_months', update_frequency: 'monthly', contact_preference: 'email',
  payment_terms: 'on_invoice', scope_changes: 'change_request', recommendations: 'discuss', anything_else: '',
};
const answers = Array.from({ length: 10_000 }, (_, i) => {
  const parsed = parseAnswers({
    ...base,
    monthly_budget: String(500 + ((i * 37) % 9000)),
    goals: `${base.goals} ${i % 3 === 0 ? 'It is urgent, we want the first page asap.' : ''} ${'More detail about our plans. '.repeat(i % 60)}`.slice(0, 2000),
  });
  return (parsed as { ok: true; answers: Answers }).answers;
});
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  for (const a of answers) screen(a, DEFAULT_SETTINGS);
  console.log(`screening: ${Math.round(answers.length / ((performance.now() - t0) / 1000))} applications/s`);
}
const database = await openDatabase({ url: BENCH_DATABASE_URL, maxConnections: 2 });
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  replayScreening(await recentForPreview(database.db, 10_000), { ...DEFAULT_SETTINGS, minMonthlyBudget: 3000 });
  console.log(`preview over 10,000: ${Math.round(performance.now() - t0)} ms`);
}
await database.close();
