import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { SECTIONS } from '../../src/domain/questionnaire.js';
import { messages } from '../../src/i18n/index.js';
import { pageTemplate } from '../../src/lib/page-template.js';
import viewPlugin from '../../src/plugins/view.js';

/**
 * Baseline for R2: the same application page, from the same template and
 * rendered the same way as in production (once, kept as bytes, then only the
 * hidden values written in), without security headers, cookies, CSRF token or
 * signed start time.
 */
const app = Fastify({ logger: false });
await app.register(viewPlugin, { production: true });
const t = messages('en');
const fill = pageTemplate(
  await app.renderPage('apply/form', {
  lang: 'en',
  title: t.apply.title,
  hasErrors: false,
  errors: [],
  errorMessages: {},
  notice: undefined,
  sections: SECTIONS,
  values: {},
  csrfToken: '%%csrf%%',
  startedAt: '%%started_at%%',
  submissionKey: '%%submission_key%%',
  currency: 'EUR',
  action: '/apply?lang=en',
  switchUrl: '/apply?lang=fr',
  }),
  ['%%csrf%%', '%%started_at%%', '%%submission_key%%'],
);
app.get('/apply', async (_request, reply) =>
  reply
    .type('text/html; charset=utf-8')
    .send(fill(['no-csrf-in-this-baseline', String(Date.now()), randomUUID()])),
);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
