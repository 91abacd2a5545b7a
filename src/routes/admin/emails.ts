import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { OUTBOX_STATUSES, type EmailPayload, type OutboxStatus, type WebhookPayload } from '../../db/schema.js';
import { format, formatDateTime } from '../../i18n/index.js';
import { copyForResend, countOutboxByStatus, findOutbox, listOutbox, type OutboxCursor } from '../../mail/outbox.js';
import { adminContext, setFlash, switchLanguageUrl, takeFlash } from './common.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 50;

const cursorSchema = z.object({ t: z.iso.datetime(), i: z.uuid() });

function decodeCursor(value: unknown): OutboxCursor | null | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,300}$/.test(value)) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: parsed.data.t, id: parsed.data.i } : null;
  } catch {
    return null;
  }
}
const encodeCursor = (c: OutboxCursor) => Buffer.from(JSON.stringify({ t: c.createdAt, i: c.id })).toString('base64url');


/** The owner's view of the outbox: every message, its status and a "send again". */
const emailRoutes: FastifyPluginAsync<{ db: Database; now: () => number }> = async (app, { db, now }) => {
  function notFound(request: FastifyRequest, reply: FastifyReply, status = 404) {
    const { lang, t } = adminContext(request, reply);
    const page = status === 400 ? { title: t.pages.badRequestTitle, body: t.admin.list.badQuery } : { title: t.pages.notFoundTitle, body: t.pages.notFoundBody };
    return reply.code(status).page('errors/page', { lang, ...page, status, owner: request.owner, backUrl: '/admin/emails', backLabel: t.admin.emailsPage.back });
  }

  app.get('/admin/emails', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const status = query.status === undefined || query.status === '' ? undefined : query.status;
    if (status !== undefined && !(OUTBOX_STATUSES as readonly unknown[]).includes(status)) return notFound(request, reply, 400);
    const after = decodeCursor(query.after);
    if (after === null) return notFound(request, reply, 400);
    const { lang, t } = adminContext(request, reply);
    const p = t.admin.emailsPage;
    const [page, counts] = await Promise.all([
      listOutbox(db, { status: status as OutboxStatus | undefined }, after, PAGE),
      countOutboxByStatus(db),
    ]);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return reply.page('admin/emails', {
      lang,
      title: p.title,
      owner: request.owner,
      csrfToken: reply.csrfToken(),
      flash: takeFlash(request, reply),
      switchUrl: switchLanguageUrl(request, lang),
      wide: true,
      tabs: [
        { label: p.all, count: total, href: '/admin/emails', current: status === undefined },
        ...OUTBOX_STATUSES.map((s) => ({ label: p.statuses[s], count: counts[s], href: `/admin/emails?status=${s}`, current: status === s })),
      ],
      rows: page.rows.map((row) => ({
        id: row.id,
        created: formatDateTime(t, row.createdAt),
        iso: row.createdAt.toISOString(),
        recipient: row.recipient,
        subject: row.subject,
        purpose: p.purposes[row.purpose as keyof typeof p.purposes] ?? row.purpose,
        status: row.status,
        statusLabel: p.statuses[row.status as OutboxStatus] ?? row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        sendAgainLabel: format(p.sendAgainLabel, { subject: row.subject, to: row.recipient }),
      })),
      nextUrl: page.next ? `/admin/emails?${new URLSearchParams({ ...(status ? { status: String(status) } : {}), after: encodeCursor(page.next) })}` : null,
    });
  });

  app.get<{ Params: { id: string } }>('/admin/emails/:id', async (request, reply) => {
    if (!UUID.test(request.params.id)) return notFound(request, reply);
    const row = await findOutbox(db, request.params.id);
    if (!row) return notFound(request, reply);
    const { lang, t } = adminContext(request, reply);
    const p = t.admin.emailsPage;
    const email = row.kind === 'email' ? (row.payload as EmailPayload) : null;
    const webhook = row.kind === 'webhook' ? (row.payload as WebhookPayload) : null;
    return reply.page('admin/email', {
      lang,
      title: format(p.messageTitle, { subject: row.subject }),
      owner: request.owner,
      csrfToken: reply.csrfToken(),
      switchUrl: switchLanguageUrl(request, lang),
      row,
      statusLabel: p.statuses[row.status as OutboxStatus] ?? row.status,
      purpose: p.purposes[row.purpose as keyof typeof p.purposes] ?? row.purpose,
      when:
        row.status === 'sent' && row.sentAt
          ? format(p.sentAt, { date: formatDateTime(t, row.sentAt) })
          : row.status === 'pending'
            ? format(p.nextAttempt, { date: formatDateTime(t, row.nextAttemptAt) })
            : '',
      text: email ? email.text : webhook ? webhook.body : '',
      from: email?.from ?? '',
      sendAgainLabel: format(p.sendAgainLabel, { subject: row.subject, to: row.recipient }),
    });
  });

  app.post<{ Params: { id: string } }>('/admin/emails/:id/resend', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!UUID.test(request.params.id)) return notFound(request, reply);
    const copy = await copyForResend(db, request.params.id, new Date(now()));
    if (!copy) return notFound(request, reply);
    const { t } = adminContext(request, reply);
    request.log.info({ outboxId: request.params.id, copy, ownerId: request.owner?.id }, 'message queued again');
    setFlash(reply, t.admin.emailsPage.queued);
    return reply.redirect('/admin/emails', 303);
  });
};

export default emailRoutes;
