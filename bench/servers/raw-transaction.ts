import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import postgres from 'postgres';

/**
 * Baseline for R3: behind a bare route, the same write POST /apply makes (the
 * application row and its two outbox rows in one transaction) in raw
 * postgres.js, then a 303. No CSRF, validation, screening or templates.
 */
const sql = postgres(process.env.DATABASE_URL as string, { max: 10, onnotice: () => {} });
const settings = await sql`select version from screening_settings order by version desc limit 1`;
const version = settings[0]?.version ?? 1;
const breakdown = sql.json({ budgetScore: 100, fitScore: 90, weighted: 94, penalty: 0, flags: [], fit: {}, declineReasons: [], spamReasons: [] });
const app = Fastify({ logger: false });
await app.register(formbody);
app.post('/apply', async (request, reply) => {
  const body = request.body as Record<string, string>;
  const id = randomUUID();
  const now = new Date();
  await sql.begin(async (tx) => {
    await tx`insert into applications (id, submitted_at, language, submission_key, name, email, company, monthly_budget, answers,
      budget_score, fit_score, score, outcome, red_flags, breakdown, settings_version, created_at, updated_at)
      values (${id}, ${now}, 'en', ${body.submission_key ?? randomUUID()}, ${body.name ?? ''}, ${body.email ?? ''}, ${body.company ?? ''},
      ${Number(body.monthly_budget ?? 0)}, ${sql.json(body)}, 100, 90, 94, 'qualified', '{}', ${breakdown}, ${version}, ${now}, ${now})
      on conflict (submission_key) do nothing`;
    for (const purpose of ['owner_qualified', 'applicant_ack']) {
      await tx`insert into outbox (id, kind, purpose, application_id, dedupe_key, recipient, subject, language, payload, status,
        next_attempt_at, created_at, updated_at)
        values (${randomUUID()}, 'email', ${purpose}, ${id}, ${`${purpose}:${id}`}, ${body.email ?? ''}, 'Subject', 'en',
        ${sql.json({ from: 'a@b.c', to: [body.email ?? ''], subject: 'Subject', html: '<p>x</p>', text: 'x' })}, 'pending', ${now}, ${now}, ${now})`;
    }
  });
  return reply.redirect(`/apply/thanks/${id}`, 303);
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => void app.close().then(() => sql.end()).then(() => process.exit(0)));
