import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { SECTIONS } from '../../src/domain/questionnaire.js';
import { messages } from '../../src/i18n/index.js';
import viewPlugin from '../../src/plugins/view.js';

/**
 * Baseline for R2: the same application page, from the same template and
 * rendered the same way as in production (once, then only the hidden values
 * filled in), without helmet, cookies, CSRF or the signed start time.
 */
const app = Fastify({ logger: false });
await app.register(viewPlugin, { production: true });
const t = messages('en');
const page = await app.renderPage('apply/form', {
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
});
app.get('/apply', async (_request, reply) =>
  reply
    .type('text/html; charset=utf-8')
    .send(page.replace('%%csrf%%', 'no-csrf-in-this-baseline').replace('%%started_at%%', String(Date.now())).replace('%%submission_key%%', randomUUID())),
);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
