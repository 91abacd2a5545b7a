import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { parseAnswers, type AnswerError, type RawAnswers } from '../domain/answers.js';
import { SECTIONS } from '../domain/questionnaire.js';
import { screen } from '../domain/screening.js';
import { answerErrorMessage, messages, pickLanguage, type Language } from '../i18n/index.js';
import { verifyStartedAt } from '../lib/form-timing.js';
import { pageTemplate, type FilledPage } from '../lib/page-template.js';
import { checkFormToken, formStamps, isCrossOrigin, type FormStamp } from '../lib/public-form.js';
import { breakdownOf, findApplication, insertApplication, recordBookingOpened } from '../repositories/applications.js';
import { enqueueApplicationMessages, notifiesOwnerAccounts } from '../services/notifications.js';
import type { SettingsCache } from '../services/settings-cache.js';

export interface ApplyRoutesOptions {
  db: Database;
  config: Config;
  now: () => number;
  /** The settings in force and the owners' addresses, read at most once per SETTINGS_CACHE_MS. */
  settingsCache: SettingsCache;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

type FormBody = Record<string, unknown>;

interface FormState {
  lang: Language;
  raw: RawAnswers;
  errors: AnswerError[];
  /** A message above the form that is not about one answer. */
  notice?: string | undefined;
  startedAt: string;
  csrf: string;
  submissionKey: string;
  currency: string;
}

function languageOf(request: FastifyRequest): Language {
  const query = request.query as Record<string, unknown> | undefined;
  return pickLanguage(query?.lang, request.headers['accept-language']);
}

/**
 * Hidden fields are kept across a re-render so the time trap and
 * de-duplication still hold; a missing, forged or expired one is replaced.
 */
function keptHiddenFields(body: FormBody, secret: string, now: number, fresh: FormStamp) {
  const startedAt = verifyStartedAt(secret, body.started_at) !== null ? String(body.started_at) : fresh.startedAt;
  const csrf = checkFormToken(secret, body._csrf, now) === 'valid' ? String(body._csrf) : fresh.csrf;
  const submissionKey =
    typeof body.submission_key === 'string' && UUID.test(body.submission_key) ? body.submission_key : randomUUID();
  return { startedAt, csrf, submissionKey };
}

/** Refused by the form check: re-rendered with the answers kept (403). */
class FormRefused extends Error {
  readonly statusCode = 403;
  readonly code = 'SD_FORM_REFUSED';
}

const applyRoutes: FastifyPluginAsync<ApplyRoutesOptions> = async (app, { db, config, now, settingsCache }) => {
  const secret = config.sessionSecret;
  const stamps = formStamps(secret);
  const ownOrigin = new URL(config.publicUrl).origin;
  const hiddenFields = (body: FormBody) => {
    const at = now();
    return keptHiddenFields(body, secret, at, stamps(at));
  };

  async function renderForm(reply: FastifyReply, status: number, state: FormState) {
    const t = messages(state.lang);
    const errorMessages = Object.fromEntries(state.errors.map((e) => [e.field, answerErrorMessage(t, e)]));
    return reply.code(status).page('apply/form', {
      lang: state.lang,
      title: t.apply.title,
      hasErrors: state.errors.length > 0,
      errors: state.errors.map((e) => ({ field: e.field, message: errorMessages[e.field] })),
      errorMessages,
      notice: state.notice,
      sections: SECTIONS,
      values: state.raw,
      csrfToken: state.csrf,
      startedAt: state.startedAt,
      submissionKey: state.submissionKey,
      currency: state.currency,
      action: `/apply?lang=${state.lang}`,
      switchUrl: `/apply?lang=${t.otherLanguage.code}`,
    });
  }

  /** Re-renders the prospect's answers with a message, for refusals that are not their fault. */
  async function renderKept(request: FastifyRequest, reply: FastifyReply, status: number, notice: string, currency = 'EUR') {
    const body = (request.body ?? {}) as FormBody;
    const parsed = parseAnswers(body);
    return renderForm(reply, status, {
      lang: languageOf(request),
      raw: parsed.raw,
      errors: [],
      notice,
      currency,
      ...hiddenFields(body),
    });
  }

  app.get('/', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    return reply.redirect(query.lang === 'en' || query.lang === 'fr' ? `/apply?lang=${query.lang}` : '/apply', 302);
  });

  /**
   * The empty form is the public hot path. Its currency comes through the
   * settings cache (a database outage must not take the form down), and in
   * production its HTML is rendered once per language and currency and kept
   * as bytes; each request only writes its three hidden values in (see
   * src/lib/public-form.ts for why they cost no cryptography per visit).
   */
  let lastCurrency = 'EUR';
  async function formCurrency(request: FastifyRequest): Promise<string> {
    try {
      lastCurrency = (await settingsCache.current()).settings.currency;
    } catch (error) {
      request.log.warn({ err: error }, 'settings unavailable; rendering the form with the last known currency');
    }
    return lastCurrency;
  }
  const HOLES = { csrf: '%%csrf%%', startedAt: '%%started_at%%', submissionKey: '%%submission_key%%' };
  const HOLE_ORDER = [HOLES.csrf, HOLES.startedAt, HOLES.submissionKey];
  const emptyForms = new Map<string, Promise<FilledPage>>();

  app.get('/apply', async (request, reply) => {
    const lang = languageOf(request);
    const currency = await formCurrency(request);
    const stamp = stamps(now());
    const submissionKey = randomUUID();
    if (config.env !== 'production') {
      return renderForm(reply, 200, { lang, raw: {}, errors: [], currency, ...stamp, submissionKey });
    }
    const key = `${lang}|${currency}`;
    let page = emptyForms.get(key);
    if (!page) {
      const t = messages(lang);
      page = app
        .renderPage('apply/form', {
          lang,
          title: t.apply.title,
          hasErrors: false,
          errors: [],
          errorMessages: {},
          notice: undefined,
          sections: SECTIONS,
          values: {},
          csrfToken: HOLES.csrf,
          startedAt: HOLES.startedAt,
          submissionKey: HOLES.submissionKey,
          currency,
          action: `/apply?lang=${lang}`,
          switchUrl: `/apply?lang=${t.otherLanguage.code}`,
        })
        .then((html) => pageTemplate(html, HOLE_ORDER));
      emptyForms.set(key, page);
      page.catch(() => emptyForms.delete(key));
    }
    const fill = await page;
    return reply.type('text/html; charset=utf-8').send(fill([stamp.csrf, stamp.startedAt, submissionKey]));
  });

  /**
   * The public form's anti-forgery check (stateless: see src/lib/public-form.ts).
   * A refusal re-renders the form with the answers kept and fresh hidden
   * values, so the prospect can send it again from this site.
   */
  async function checkForm(request: FastifyRequest) {
    const body = (request.body ?? {}) as FormBody;
    if (isCrossOrigin(request.headers, ownOrigin)) throw new FormRefused('cross-origin form post');
    const token = checkFormToken(secret, body._csrf, now());
    if (token !== 'valid') throw new FormRefused(`form token ${token}`);
  }

  app.post(
    '/apply',
    {
      preHandler: checkForm,
      config: { rateLimit: { max: config.applyRateLimit, timeWindow: '10 minutes', hook: 'preHandler' } },
      errorHandler: async (error: FastifyError, request, reply) => {
        const t = messages(languageOf(request));
        if (error instanceof FormRefused) {
          request.log.info({ reason: error.message }, 'application form refused');
          return renderKept(request, reply, 403, t.apply.expired);
        }
        if (error.statusCode === 429) {
          void reply.header('retry-after', reply.getHeader('retry-after') ?? 600);
          return renderKept(request, reply, 429, t.apply.tooMany);
        }
        throw error;
      },
    },
    async (request, reply) => {
      const body = request.body as FormBody;
      const lang = languageOf(request);
      const t = messages(lang);
      const receivedAt = now();
      const hidden = hiddenFields(body);
      const parsed = parseAnswers(body);

      let current;
      try {
        current = await settingsCache.current();
      } catch (error) {
        request.log.error({ err: error }, 'could not load screening settings');
        void reply.header('retry-after', 30);
        return renderForm(reply, 503, { lang, raw: parsed.raw, errors: [], notice: t.apply.unavailable, currency: 'EUR', ...hidden });
      }

      if (!parsed.ok) {
        return renderForm(reply, 422, {
          lang,
          raw: parsed.raw,
          errors: parsed.errors,
          currency: current.settings.currency,
          ...hidden,
        });
      }

      const startedAt = verifyStartedAt(secret, body.started_at);
      const minFillMs = config.minFillSeconds * 1000;
      const tooFast = minFillMs > 0 && (startedAt === null || receivedAt - startedAt < minFillMs);
      const honeypot = Array.isArray(body.fax) || (typeof body.fax === 'string' && body.fax.trim() !== '');
      const screening = screen(parsed.answers, current.settings, { honeypot, tooFast });

      try {
        const submittedAt = new Date(receivedAt);
        const id = randomUUID();
        // Read before the transaction (and usually from the cache): PGlite has one connection.
        const ownerAccounts =
          screening.outcome === 'qualified' && notifiesOwnerAccounts(current.settings, config) ? await settingsCache.owners() : undefined;
        // The application and the messages it causes commit together, or not at all.
        const stored = await db.transaction(async (tx) => {
          const result = await insertApplication(tx, {
            id,
            submittedAt,
            language: lang,
            submissionKey: hidden.submissionKey,
            answers: parsed.answers,
            screening,
            settingsVersion: current.version,
          });
          if (result.created) {
            const { answers } = parsed;
            await enqueueApplicationMessages(
              tx,
              {
                id,
                name: answers.name,
                email: answers.email,
                company: answers.company,
                score: screening.score,
                budgetScore: Math.round(screening.budgetScore),
                fitScore: Math.round(screening.fitScore),
                monthlyBudget: answers.monthly_budget,
                answers,
                language: lang,
                redFlags: screening.flags.map((flag) => flag.rule),
                outcome: screening.outcome,
                breakdown: breakdownOf(screening),
                submittedAt,
              },
              current.settings,
              config,
              submittedAt,
              ownerAccounts,
            );
          }
          return result;
        });
        request.log.info(
          { applicationId: stored.id, outcome: screening.outcome, score: screening.score, created: stored.created },
          'application screened',
        );
        return reply.redirect(`/apply/thanks/${stored.id}`, 303);
      } catch (error) {
        request.log.error({ err: error }, 'could not store the application');
        void reply.header('retry-after', 30);
        return renderForm(reply, 503, {
          lang,
          raw: parsed.raw,
          errors: [],
          notice: t.apply.unavailable,
          currency: current.settings.currency,
          ...hidden,
        });
      }
    },
  );

  app.get<{ Params: { id: string } }>('/apply/thanks/:id', async (request, reply) => {
    if (!UUID.test(request.params.id)) return reply.callNotFound();
    const application = await findApplication(db, request.params.id);
    if (!application) return reply.callNotFound();
    const query = request.query as Record<string, unknown>;
    const lang: Language = query.lang === 'en' || query.lang === 'fr' ? query.lang : (application.language as Language);
    const t = messages(lang);
    // The booking link is for qualified prospects only; nothing on this page
    // says how anyone else was screened.
    let bookingUrl: string | null = null;
    if (application.outcome === 'qualified' && (await settingsCache.current()).settings.bookingUrl) {
      bookingUrl = `/apply/thanks/${application.id}/book`;
    }
    return reply.page('apply/thanks', {
      lang,
      title: t.thanks.title,
      email: application.email,
      bookingUrl,
      switchUrl: `/apply/thanks/${application.id}?lang=${t.otherLanguage.code}`,
    });
  });

  /** Records that the prospect opened the booking link, then sends them to it. */
  app.get<{ Params: { id: string } }>('/apply/thanks/:id/book', async (request, reply) => {
    if (!UUID.test(request.params.id)) return reply.callNotFound();
    const application = await findApplication(db, request.params.id);
    const bookingUrl = (await settingsCache.current()).settings.bookingUrl;
    if (!application || application.outcome !== 'qualified' || !bookingUrl) return reply.callNotFound();
    await recordBookingOpened(db, application.id, new Date(now()));
    return reply.header('cache-control', 'no-store').redirect(bookingUrl, 302);
  });
};

export default applyRoutes;
