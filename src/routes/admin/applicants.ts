import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { ApplicationRow } from '../../db/schema.js';
import {
  DECISIONS,
  PAGE_SIZE,
  SORTS,
  encodeCursor,
  filtersToSearch,
  parseApplicantQuery,
  type ApplicantQuery,
  type Decision,
} from '../../domain/applicant-query.js';
import { SECTIONS, type Field } from '../../domain/questionnaire.js';
import { OUTCOMES, type Evidence, type Outcome } from '../../domain/screening.js';
import { RULE_IDS, type RuleId, type Settings } from '../../domain/settings.js';
import { format, formatMoney, formatNumber, type Messages, formatDateTime } from '../../i18n/index.js';
import { applicationsCsv } from '../../lib/csv-export.js';
import { renderHistogram } from '../../lib/histogram.js';
import { findApplication } from '../../repositories/applications.js';
import {
  addNote,
  deleteApplicant,
  iterateApplicants,
  listApplicants,
  listEvents,
  neighbours,
  listSummary,
  recordDecision,
} from '../../repositories/applicants.js';
import { cancelPending, enqueueEmail, outboxForApplication } from '../../mail/outbox.js';
import { defaultDecline, plainEmail } from '../../mail/messages.js';
import { screeningHistoryOf } from '../../repositories/screenings.js';
import { messageContext } from '../../services/notifications.js';
import { currentSettings, settingsVersion } from '../../repositories/settings.js';
import { adminContext, setFlash, switchLanguageUrl, takeFlash } from './common.js';

export interface ApplicantRoutesOptions {
  db: Database;
  config: Config;
  now: () => number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOTE_MAX = 2000;
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;


function decimal(t: Messages, value: number): string {
  return new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 }).format(value);
}

/** A long answer cut into plain and highlighted pieces; the template escapes each piece. */
export function highlight(text: string, ranges: { start: number; end: number }[]): { text: string; mark: boolean }[] {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const pieces: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const range of merged) {
    if (range.start > at) pieces.push({ text: text.slice(at, range.start), mark: false });
    pieces.push({ text: text.slice(range.start, range.end), mark: true });
    at = range.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), mark: false });
  return pieces;
}

function fieldCopy(t: Messages, name: string): { label: string; options?: Record<string, string> } {
  return (t.fields as Record<string, { label: string; options?: Record<string, string> }>)[name] ?? { label: name };
}

function displayAnswer(t: Messages, field: Field, value: unknown, currency: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (field.kind === 'choice') return fieldCopy(t, field.name).options?.[String(value)] ?? String(value);
  if (field.kind === 'amount') return formatMoney(t, Number(value), currency);
  return String(value);
}

function describeEvidence(t: Messages, evidence: Evidence): string {
  const question = fieldCopy(t, evidence.field).label;
  if (evidence.kind === 'choice') {
    const answer = fieldCopy(t, evidence.field).options?.[evidence.value] ?? evidence.value;
    return format(t.admin.detail.choiceEvidence, { question, answer });
  }
  return format(t.admin.detail.phraseEvidence, { text: evidence.text, question });
}

const cancelPendingDecline = (db: Database, id: string, at: Date) => cancelPending(db, id, 'applicant_decline', at);

const applicantRoutes: FastifyPluginAsync<ApplicantRoutesOptions> = async (app, { db, config, now }) => {
  function badQuery(request: FastifyRequest, reply: FastifyReply) {
    const { lang, t } = adminContext(request, reply);
    return reply.code(400).page('errors/page', {
      lang,
      title: t.pages.badRequestTitle,
      body: t.admin.list.badQuery,
      status: 400,
      owner: request.owner,
      backUrl: '/admin/applicants',
      backLabel: t.admin.list.clear,
    });
  }

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    const { lang, t } = adminContext(request, reply);
    return reply.code(404).page('errors/page', {
      lang,
      title: t.pages.notFoundTitle,
      body: t.pages.notFoundBody,
      status: 404,
      owner: request.owner,
      backUrl: '/admin/applicants',
      backLabel: t.admin.detail.back,
    });
  }

  // ---- the list ----------------------------------------------------------

  app.get('/admin/applicants', async (request, reply) => {
    const parsed = parseApplicantQuery(request.query as Record<string, unknown>);
    if (!parsed.ok) return badQuery(request, reply);
    const { filters, sort, after, before } = parsed.query;
    const { lang, t } = adminContext(request, reply);

    const [page, summary, settings] = await Promise.all([
      listApplicants(db, filters, sort, { after, before }, PAGE_SIZE),
      listSummary(db, filters),
      currentSettings(db),
    ]);
    const { outcomes: outcomeCounts, decisions: decisionCounts, buckets } = summary;
    const total = filters.outcome ? outcomeCounts[filters.outcome] : Object.values(outcomeCounts).reduce((a, b) => a + b, 0);
    const search = (extra: Record<string, string> = {}, overrides: Partial<typeof filters> = {}) =>
      filtersToSearch({ ...filters, ...overrides }, sort, { ...extra });
    const histogram = renderHistogram(
      {
        buckets,
        qualifyThreshold: settings.settings.qualifyThreshold,
        declineThreshold: settings.settings.declineThreshold,
        labels: { ...t.admin.list.histogram },
      },
      'scores',
    );
    const listSearch = search();

    return reply.page('admin/applicants', {
      lang,
      title: t.admin.list.title,
      owner: request.owner,
      csrfToken: reply.csrfToken(),
      flash: takeFlash(request, reply),
      switchUrl: switchLanguageUrl(request, lang),
      wide: true,
      filters,
      sort,
      sorts: SORTS,
      outcomes: OUTCOMES,
      decisions: DECISIONS,
      rules: RULE_IDS,
      total,
      outcomeTabs: [
        { label: t.admin.list.all, count: Object.values(outcomeCounts).reduce((a, b) => a + b, 0), href: `/admin/applicants${search({}, { outcome: undefined })}`, current: !filters.outcome },
        ...OUTCOMES.map((o) => ({
          label: t.admin.outcomes[o],
          count: outcomeCounts[o],
          href: `/admin/applicants${search({}, { outcome: o })}`,
          current: filters.outcome === o,
        })),
      ],
      decisionTabs: [
        { label: t.admin.list.all, count: Object.values(decisionCounts).reduce((a, b) => a + b, 0), href: `/admin/applicants${search({}, { decision: undefined })}`, current: !filters.decision },
        ...DECISIONS.map((d) => ({
          label: t.admin.decisions[d],
          count: decisionCounts[d],
          href: `/admin/applicants${search({}, { decision: d })}`,
          current: filters.decision === d,
        })),
      ],
      histogram,
      rows: page.rows.map((row) => ({
        ...row,
        href: `/admin/applicants/${row.id}${listSearch}`,
        submitted: formatDateTime(t, row.submittedAt),
        budget: formatMoney(t, row.monthlyBudget, settings.settings.currency),
        outcomeLabel: t.admin.outcomes[row.outcome as Outcome] ?? row.outcome,
        decisionLabel: t.admin.decisions[row.decision as Decision] ?? row.decision,
        flagTitles: row.redFlags.map((id) => t.admin.rules[id as RuleId] ?? id).join(', '),
      })),
      nextUrl: page.next ? `/admin/applicants${search({ after: encodeCursor(page.next) })}` : null,
      previousUrl: page.previous ? `/admin/applicants${search({ before: encodeCursor(page.previous) })}` : null,
      firstUrl: after || before ? `/admin/applicants${listSearch}` : null,
      csvUrl: `/admin/applicants.csv${listSearch}`,
      hasFilters: Object.values(filters).some((v) => v !== undefined),
      applyUrl: `${config.publicUrl}/apply`,
    });
  });

  app.get('/admin/applicants.csv', async (request, reply) => {
    const parsed = parseApplicantQuery(request.query as Record<string, unknown>);
    if (!parsed.ok || parsed.query.after || parsed.query.before) return badQuery(request, reply);
    const { filters, sort } = parsed.query;
    const stamp = new Date(now()).toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="applicants-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(applicationsCsv(iterateApplicants(db, filters, sort)));
  });

  // ---- one applicant -------------------------------------------------------

  async function loadApplicant(request: FastifyRequest<{ Params: { id: string } }>) {
    const { id } = request.params;
    return UUID.test(id) ? findApplication(db, id) : undefined;
  }

  /** The list the owner came from, for "back" and previous/next; falls back to the default list. */
  function listState(request: FastifyRequest): ApplicantQuery {
    const parsed = parseApplicantQuery(request.query as Record<string, unknown>);
    if (parsed.ok) return { ...parsed.query, after: undefined, before: undefined };
    const fallback = parseApplicantQuery({});
    if (!fallback.ok) throw new Error('the default list query must parse');
    return fallback.query;
  }

  async function renderDetail(
    request: FastifyRequest,
    reply: FastifyReply,
    application: ApplicationRow,
    status = 200,
    noteError?: { field: string; message: string; value: string },
  ) {
    const { lang, t } = adminContext(request, reply);
    const state = listState(request);
    const listSearch = filtersToSearch(state.filters, state.sort);
    const [events, around, screenedUnder, current, history, emails] = await Promise.all([
      listEvents(db, application.id),
      neighbours(db, state.filters, state.sort, application),
      settingsVersion(db, application.settingsVersion),
      currentSettings(db),
      screeningHistoryOf(db, application.id),
      outboxForApplication(db, application.id),
    ]);
    const settings: Settings = screenedUnder?.settings ?? current.settings;
    const currency = current.settings.currency;
    const breakdown = application.breakdown;

    const ranges = new Map<string, { start: number; end: number }[]>();
    for (const flag of breakdown.flags) {
      for (const evidence of flag.evidence) {
        if (evidence.kind !== 'phrase') continue;
        const list = ranges.get(evidence.field) ?? [];
        list.push({ start: evidence.start, end: evidence.end });
        ranges.set(evidence.field, list);
      }
    }
    const flaggedChoices = new Set(
      breakdown.flags.flatMap((f) => f.evidence.filter((e) => e.kind === 'choice').map((e) => e.field)),
    );

    const answers = application.answers as unknown as Record<string, unknown>;
    const sections = SECTIONS.map((section) => ({
      title: t.apply.sections[section.id],
      answers: section.fields.map((field) => {
        const shown = displayAnswer(t, field, answers[field.name], currency);
        const text = typeof answers[field.name] === 'string' ? (answers[field.name] as string) : '';
        return {
          name: field.name,
          label: fieldCopy(t, field.name).label,
          value: shown,
          long: field.kind === 'longtext',
          flagged: flaggedChoices.has(field.name),
          pieces: field.kind === 'longtext' && shown !== null ? highlight(text, ranges.get(field.name) ?? []) : null,
        };
      }),
    }));

    const majorCount = breakdown.flags.filter((f) => f.severity === 'major').length;
    const declineReasons = breakdown.declineReasons.map((reason) =>
      format(t.admin.detail.declineReasons[reason], {
        budget: formatMoney(t, application.monthlyBudget, currency),
        minimum: formatMoney(t, settings.minMonthlyBudget, currency),
        count: majorCount,
        max: settings.maxMajorFlags,
        score: application.score,
        threshold: settings.declineThreshold,
      }),
    );
    const fit = breakdown.fit;
    const clarityFound = Object.entries(fit.clarity.signals)
      .filter(([, points]) => points > 0)
      .map(([signal]) => t.admin.detail.claritySignals[signal as keyof typeof fit.clarity.signals]);

    return reply.code(status).page('admin/applicant', {
      lang,
      title: application.name,
      owner: request.owner,
      csrfToken: reply.csrfToken(),
      flash: takeFlash(request, reply),
      switchUrl: switchLanguageUrl(request, lang),
      hasErrors: noteError !== undefined,
      errors: noteError ? [noteError] : [],
      noteError,
      a: application,
      outcomeLabel: t.admin.outcomes[application.outcome as Outcome] ?? application.outcome,
      decisionLabel: t.admin.decisions[application.decision as Decision] ?? application.decision,
      submitted: format(t.admin.detail.submitted, { date: formatDateTime(t, application.submittedAt) }),
      languageLine: format(t.admin.detail.language, { language: application.language === 'fr' ? 'français' : 'English' }),
      budgetScore: decimal(t, breakdown.budgetScore),
      fitScore: decimal(t, breakdown.fitScore),
      formula: format(t.admin.detail.formula, {
        budgetWeight: settings.budgetWeight,
        fitWeight: settings.fitWeight,
        budget: decimal(t, breakdown.budgetScore),
        fit: decimal(t, breakdown.fitScore),
        weighted: decimal(t, breakdown.weighted),
        penalty: formatNumber(t, breakdown.penalty),
        score: application.score,
      }),
      settingsLine: format(t.admin.detail.settingsVersion, { version: application.settingsVersion }),
      history: history.map((h) =>
        format(t.admin.detail.historyItem, {
          version: h.settingsVersion,
          outcome: t.admin.outcomes[h.outcome as Outcome] ?? h.outcome,
          score: h.score,
          date: formatDateTime(t, h.replacedAt),
        }),
      ),
      fitRows: (['authority', 'timing', 'economics', 'clarity', 'experience'] as const).map((part) => ({
        label: t.admin.detail.fitParts[part],
        points: decimal(t, fit[part].points),
        max: fit[part].max,
        detail: part === 'clarity' && clarityFound.length > 0 ? format(t.admin.detail.claritySays, { signals: clarityFound.join(', ') }) : '',
      })),
      flags: breakdown.flags.map((flag) => ({
        label: t.admin.rules[flag.rule],
        rule: flag.rule,
        severity: flag.severity,
        severityLabel: t.admin.severities[flag.severity],
        points: flag.points,
        capped: flag.points < flag.nominalPoints ? format(t.admin.detail.cappedFrom, { points: flag.nominalPoints }) : '',
        evidence: flag.evidence.map((e) => describeEvidence(t, e)),
      })),
      declineReasons,
      spamReasons: breakdown.spamReasons.map((reason) => t.admin.detail.spamReasons[reason]),
      sections,
      events: events.map((event) => ({
        heading:
          event.kind === 'decision'
            ? format(t.admin.detail.decided, {
                owner: event.ownerEmail,
                decision: t.admin.decisions[event.decision as Decision] ?? String(event.decision),
              })
            : format(t.admin.detail.wrote, { owner: event.ownerEmail }),
        body: event.body,
        at: formatDateTime(t, event.createdAt),
        iso: event.createdAt.toISOString(),
      })),
      decisions: DECISIONS.map((d) => ({
        value: d,
        label: d === 'invited' ? t.admin.detail.invite : d === 'rejected' ? t.admin.detail.reject : t.admin.detail.undecide,
        current: application.decision === d,
      })),
      bookingLine:
        application.outcome !== 'qualified'
          ? null
          : application.bookingOpenedAt
            ? format(t.admin.detail.bookingOpened, { date: formatDateTime(t, application.bookingOpenedAt) })
            : t.admin.detail.bookingNotOpened,
      emails: emails.map((e) => ({
        id: e.id,
        subject: e.subject,
        recipient: e.recipient,
        purpose: t.admin.emailsPage.purposes[e.purpose as keyof typeof t.admin.emailsPage.purposes] ?? e.purpose,
        status: e.status,
        statusLabel: t.admin.emailsPage.statuses[e.status as keyof typeof t.admin.emailsPage.statuses] ?? e.status,
        at: formatDateTime(t, e.createdAt),
        lastError: e.lastError,
      })),
      canDecline: application.outcome !== 'spam',
      listSearch,
      listState: listSearch.slice(1),
      backUrl: `/admin/applicants${listSearch}`,
      previousUrl: around.previous ? `/admin/applicants/${around.previous}${listSearch}` : null,
      nextUrl: around.next ? `/admin/applicants/${around.next}${listSearch}` : null,
    });
  }

  app.get<{ Params: { id: string } }>('/admin/applicants/:id', async (request, reply) => {
    const application = await loadApplicant(request);
    if (!application) return notFound(request, reply);
    return renderDetail(request, reply, application);
  });

  /** Where to go after a POST on the detail page: back to it, in the same list. */
  function detailUrl(id: string, body: Record<string, unknown>): string {
    const state = typeof body.list === 'string' ? body.list : '';
    const parsed = parseApplicantQuery(Object.fromEntries(new URLSearchParams(state)));
    const search = parsed.ok ? filtersToSearch(parsed.query.filters, parsed.query.sort) : '';
    return `/admin/applicants/${id}${search}`;
  }

  /** Validates a note; returns the error words, or null when it is fine. */
  function noteProblem(t: Messages, note: string, required: boolean): string | null {
    if (required && note.trim() === '') return t.admin.detail.noteRequired;
    if (note.length > NOTE_MAX) return t.admin.detail.noteTooLong;
    if (CONTROL_CHARS.test(note)) return t.errors.generic.control_chars.replace('{label}', t.admin.detail.note);
    return null;
  }

  app.post<{ Params: { id: string } }>(
    '/admin/applicants/:id/decision',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const application = await loadApplicant(request);
      if (!application) return notFound(request, reply);
      const { t } = adminContext(request, reply);
      const body = request.body as Record<string, unknown>;
      const decision = body.decision;
      if (typeof decision !== 'string' || !(DECISIONS as readonly string[]).includes(decision)) {
        return badQuery(request, reply);
      }
      const note = typeof body.note === 'string' ? body.note.replace(/\r\n?/g, '\n').trim() : '';
      const problem = noteProblem(t, note, false);
      if (problem) return renderDetail(request, reply, application, 422, { field: 'decision-note', message: problem, value: note });
      await recordDecision(db, application.id, decision as Decision, note, request.owner!, new Date(now()));
      setFlash(reply, format(t.admin.detail.decisionSaved, { decision: t.admin.decisions[decision as Decision] }));
      return reply.redirect(detailUrl(application.id, body), 303);
    },
  );

  app.post<{ Params: { id: string } }>('/admin/applicants/:id/notes', { preHandler: app.csrfProtection }, async (request, reply) => {
    const application = await loadApplicant(request);
    if (!application) return notFound(request, reply);
    const { t } = adminContext(request, reply);
    const body = request.body as Record<string, unknown>;
    const note = typeof body.note === 'string' ? body.note.replace(/\r\n?/g, '\n').trim() : '';
    const problem = noteProblem(t, note, true);
    if (problem) return renderDetail(request, reply, application, 422, { field: 'note', message: problem, value: note });
    await addNote(db, application.id, note, request.owner!, new Date(now()));
    setFlash(reply, t.admin.detail.noteSaved);
    return reply.redirect(detailUrl(application.id, body), 303);
  });

  // ---- the polite decline, written by the owner from an editable preview ----

  async function renderDecline(
    request: FastifyRequest,
    reply: FastifyReply,
    application: ApplicationRow,
    status: number,
    draft: { subject: string; body: string },
    errors: { field: string; message: string }[] = [],
  ) {
    const { lang, t } = adminContext(request, reply);
    const state = listState(request);
    const listSearch = filtersToSearch(state.filters, state.sort);
    return reply.code(status).page('admin/decline', {
      lang,
      title: format(t.admin.detail.declineTitle, { name: application.name }),
      owner: request.owner,
      csrfToken: reply.csrfToken(),
      switchUrl: switchLanguageUrl(request, lang),
      hasErrors: errors.length > 0,
      errors,
      errorMessages: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      a: application,
      intro: format(t.admin.detail.declineIntro, { email: application.email }),
      draft,
      listState: listSearch.slice(1),
      cancelUrl: `/admin/applicants/${application.id}${listSearch}`,
    });
  }

  app.get<{ Params: { id: string } }>('/admin/applicants/:id/decline', async (request, reply) => {
    const application = await loadApplicant(request);
    if (!application || application.outcome === 'spam') return notFound(request, reply);
    return renderDecline(request, reply, application, 200, defaultDecline(application));
  });

  app.post<{ Params: { id: string } }>('/admin/applicants/:id/decline', { preHandler: app.csrfProtection }, async (request, reply) => {
    const application = await loadApplicant(request);
    if (!application || application.outcome === 'spam') return notFound(request, reply);
    const { t } = adminContext(request, reply);
    const body = request.body as Record<string, unknown>;
    const subject = typeof body.subject === 'string' ? body.subject.trim() : '';
    const text = typeof body.body === 'string' ? body.body.replace(/\r\n?/g, '\n').trim() : '';
    const errors: { field: string; message: string }[] = [];
    if (subject === '' || /[\r\n]/.test(subject)) errors.push({ field: 'subject', message: t.admin.detail.declineSubjectRequired });
    if (text === '') errors.push({ field: 'body', message: t.admin.detail.declineBodyRequired });
    else if (text.length > 10_000 || CONTROL_CHARS.test(text)) errors.push({ field: 'body', message: t.admin.detail.declineTooLong });
    if (errors.length > 0) return renderDecline(request, reply, application, 422, { subject, body: text }, errors);

    const at = new Date(now());
    const owner = request.owner!;
    await db.transaction(async (tx) => {
      // The owner's own words replace an automatic decline still waiting.
      await cancelPendingDecline(tx, application.id, at);
      await enqueueEmail(tx, {
        purpose: 'applicant_decline',
        applicationId: application.id,
        dedupeKey: null,
        language: application.language,
        now: at,
        email: plainEmail(messageContext(config), application, subject.slice(0, 300), text, owner.email),
      });
      await addNote(tx, application.id, t.admin.detail.declineEvent, owner, at);
    });
    setFlash(reply, format(t.admin.detail.declineSent, { email: application.email }));
    return reply.redirect(detailUrl(application.id, body), 303);
  });

  app.get<{ Params: { id: string } }>('/admin/applicants/:id/data.json', async (request, reply) => {
    const application = await loadApplicant(request);
    if (!application) return notFound(request, reply);
    const events = await listEvents(db, application.id);
    const data = {
      id: application.id,
      submitted_at: application.submittedAt.toISOString(),
      language: application.language,
      answers: application.answers,
      screening: {
        score: application.score,
        budget_score: application.breakdown.budgetScore,
        fit_score: application.breakdown.fitScore,
        outcome: application.outcome,
        red_flags: application.redFlags,
        settings_version: application.settingsVersion,
        breakdown: application.breakdown,
      },
      decision: application.decision,
      notes_and_decisions: events.map((e) => ({
        kind: e.kind,
        decision: e.decision,
        body: e.body,
        by: e.ownerEmail,
        at: e.createdAt.toISOString(),
      })),
    };
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="applicant-${application.id}.json"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(data, null, 2));
  });

  app.get<{ Params: { id: string } }>('/admin/applicants/:id/delete', async (request, reply) => {
    const application = await loadApplicant(request);
    if (!application) return notFound(request, reply);
    const { lang, t } = adminContext(request, reply);
    const state = listState(request);
    const listSearch = filtersToSearch(state.filters, state.sort);
    return reply.page('admin/delete', {
      lang,
      title: format(t.admin.detail.deleteTitle, { name: application.name }),
      owner: request.owner,
      csrfToken: reply.csrfToken(),
      switchUrl: switchLanguageUrl(request, lang),
      a: application,
      listState: listSearch.slice(1),
      cancelUrl: `/admin/applicants/${application.id}${listSearch}`,
    });
  });

  app.post<{ Params: { id: string } }>('/admin/applicants/:id/delete', { preHandler: app.csrfProtection }, async (request, reply) => {
    const application = await loadApplicant(request);
    if (!application) return notFound(request, reply);
    const { t } = adminContext(request, reply);
    await deleteApplicant(db, application.id);
    request.log.info({ applicationId: application.id, ownerId: request.owner?.id }, 'applicant deleted');
    setFlash(reply, format(t.admin.detail.deleted, { name: application.name }));
    const body = request.body as Record<string, unknown>;
    const parsed = parseApplicantQuery(Object.fromEntries(new URLSearchParams(typeof body.list === 'string' ? body.list : '')));
    return reply.redirect(`/admin/applicants${parsed.ok ? filtersToSearch(parsed.query.filters, parsed.query.sort) : ''}`, 303);
  });
};

export default applicantRoutes;

