import { createHmac } from 'node:crypto';
import { Eta } from 'eta';
import type { ApplicationRow, EmailPayload, WebhookPayload } from '../db/schema.js';
import type { Settings } from '../domain/settings.js';
import { format, formatMoney, isLanguage, messages, type Language, type Messages } from '../i18n/index.js';
import { VIEWS_DIR } from '../plugins/view.js';

/**
 * Emails are rendered when they are enqueued, in the applicant's language:
 * the outbox row holds the exact message, so every retry sends the same bytes.
 */
export interface MessageContext {
  publicUrl: string;
  from: string;
  production: boolean;
}

let eta: Eta | undefined;
function engine(production: boolean): Eta {
  eta ??= new Eta({ views: VIEWS_DIR, cache: production });
  return eta;
}

function languageOf(application: Pick<ApplicationRow, 'language'>): Language {
  return isLanguage(application.language) ? application.language : 'en';
}

function render(ctx: MessageContext, template: string, lang: Language, subject: string, data: Record<string, unknown>): string {
  const t = messages(lang);
  return engine(ctx.production).render(template, { ...data, lang, t, subject, h: { format } });
}

type Screened = Pick<ApplicationRow, 'id' | 'name' | 'email' | 'company' | 'score' | 'monthlyBudget' | 'answers' | 'language' | 'redFlags'>;

function flagLabels(t: Messages, application: Screened): string[] {
  return application.redFlags.map((id) => t.admin.rules[id as keyof Messages['admin']['rules']] ?? id);
}

export function ownerQualifiedEmail(ctx: MessageContext, application: Screened, settings: Settings, to: string[]): EmailPayload {
  const lang = languageOf(application);
  const t = messages(lang);
  const e = t.emails.ownerQualified;
  const subject = format(e.subject, { name: application.name, company: application.company, score: application.score });
  const link = `${ctx.publicUrl}/admin/applicants/${application.id}`;
  const budget = formatMoney(t, application.monthlyBudget, settings.currency);
  const flags = flagLabels(t, application);
  const text = [
    format(e.intro, { name: application.name, company: application.company }),
    '',
    `${e.score}: ${application.score}`,
    `${e.budget}: ${budget}`,
    `${e.email}: ${application.email}`,
    ...(application.answers.website ? [`${e.website}: ${application.answers.website}`] : []),
    `${e.flags}: ${flags.length > 0 ? flags.join(', ') : e.noFlags}`,
    '',
    `${e.goals}:`,
    application.answers.goals,
    '',
    `${e.open}: ${link}`,
    '',
    '--',
    t.emails.footer,
  ].join('\n');
  const html = render(ctx, 'emails/owner-qualified', lang, subject, { a: application, budget, flags, link });
  return { from: ctx.from, to, subject, html, text, replyTo: application.email };
}

export function acknowledgementEmail(ctx: MessageContext, application: Screened, bookingLink: string | null): EmailPayload {
  const lang = languageOf(application);
  const t = messages(lang);
  const e = t.emails.ack;
  const text = [
    format(e.greeting, { name: application.name }),
    '',
    format(e.body, { company: application.company }),
    ...(bookingLink ? ['', e.bookIntro, `${e.bookButton}: ${bookingLink}`] : []),
    '',
    e.signoff,
  ].join('\n');
  const html = render(ctx, 'emails/acknowledgement', lang, e.subject, { a: application, bookingLink });
  return { from: ctx.from, to: [application.email], subject: e.subject, html, text };
}

/** The seed's polite decline, before the owner edits it. */
export function defaultDecline(application: Pick<ApplicationRow, 'name' | 'company' | 'language'>): { subject: string; body: string } {
  const t = messages(languageOf(application));
  return {
    subject: t.emails.decline.subject,
    body: format(t.emails.decline.body, { name: application.name, company: application.company }),
  };
}

/** An email whose words the owner wrote (the decline): paragraphs, escaped. */
export function plainEmail(
  ctx: MessageContext,
  application: Pick<ApplicationRow, 'email' | 'language'>,
  subject: string,
  body: string,
  replyTo?: string,
): EmailPayload {
  const lang = languageOf(application);
  const text = body.replace(/\r\n?/g, '\n');
  const paragraphs = text.split(/\n{2,}/);
  const html = render(ctx, 'emails/plain', lang, subject, { paragraphs });
  return { from: ctx.from, to: [application.email], subject, html, text: `${text}\n\n--\n${messages(lang).emails.footer}`, ...(replyTo ? { replyTo } : {}) };
}

export function digestEmail(ctx: MessageContext, lang: Language, items: Screened[], settings: Settings, to: string[]): EmailPayload {
  const t = messages(lang);
  const subject = format(t.emails.digest.subject, { count: items.length });
  const listLink = `${ctx.publicUrl}/admin/applicants?outcome=review&decision=undecided`;
  const rows = items.map((a) => ({
    name: a.name,
    company: a.company,
    score: a.score,
    budget: formatMoney(t, a.monthlyBudget, settings.currency),
    link: `${ctx.publicUrl}/admin/applicants/${a.id}`,
  }));
  const text = [
    t.emails.digest.intro,
    '',
    ...rows.map((r) => `- ${r.name} (${r.company}): ${r.score}, ${r.budget} ${r.link}`),
    '',
    `${t.emails.digest.open}: ${listLink}`,
  ].join('\n');
  const html = render(ctx, 'emails/digest', lang, subject, { items: rows, listLink });
  return { from: ctx.from, to, subject, html, text };
}

/** The JSON sent to the owner's webhook, signed with HMAC-SHA256. */
export function qualifiedWebhook(
  ctx: Pick<MessageContext, 'publicUrl'>,
  application: Screened & Pick<ApplicationRow, 'submittedAt' | 'budgetScore' | 'fitScore' | 'outcome' | 'breakdown'>,
  url: string,
  secret: string,
): WebhookPayload {
  const body = JSON.stringify({
    event: 'applicant.qualified',
    id: application.id,
    submitted_at: application.submittedAt.toISOString(),
    language: application.language,
    answers: application.answers,
    score: application.score,
    budget_score: application.budgetScore,
    fit_score: application.fitScore,
    outcome: application.outcome,
    red_flags: application.breakdown.flags.map((f) => ({ rule: f.rule, severity: f.severity, points: f.points })),
    url: `${ctx.publicUrl}/admin/applicants/${application.id}`,
  });
  return { url, body, signature: createHmac('sha256', secret).update(body).digest('hex') };
}
