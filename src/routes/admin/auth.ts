import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { parseNewOwner, type CredentialError } from '../../domain/owners.js';
import { format } from '../../i18n/index.js';
import { decoyHash, hashPassword, verifyPassword } from '../../lib/passwords.js';
import {
  clearLoginFailures,
  countOwners,
  createFirstOwner,
  findOwnerByEmail,
  isSetupTokenUsable,
  recentLoginFailures,
  recordLoginFailure,
} from '../../repositories/owners.js';
import { adminContext, safeNext, setFlash, switchLanguageUrl, takeFlash } from './common.js';
import type { SettingsCache } from '../../services/settings-cache.js';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 10;

export interface AuthRoutesOptions {
  db: Database;
  now: () => number;
  /** Cleared when the first owner is created: owner notifications may go to every owner. */
  settingsCache: SettingsCache;
}

interface LoginState {
  email: string;
  next: string;
  errors: { field: string; message: string }[];
  notice?: string | undefined;
}

const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, { db, now, settingsCache }) => {
  async function renderLogin(request: FastifyRequest, reply: FastifyReply, status: number, state: LoginState) {
    const { lang, t } = adminContext(request, reply);
    const noOwner = (await countOwners(db)) === 0;
    return reply.code(status).page('admin/login', {
      lang,
      title: t.admin.login.title,
      hasErrors: state.errors.length > 0,
      errors: state.errors,
      errorMessages: Object.fromEntries(state.errors.map((e) => [e.field, e.message])),
      email: state.email,
      next: state.next,
      notice: state.notice ?? takeFlash(request, reply),
      noOwner,
      csrfToken: reply.csrfToken(),
      switchUrl: switchLanguageUrl(request, lang),
    });
  }

  app.get('/admin/login', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (request.owner) return reply.redirect(safeNext(query.next), 303);
    return renderLogin(request, reply, 200, { email: '', next: safeNext(query.next), errors: [] });
  });

  app.post('/admin/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { t } = adminContext(request, reply);
    const body = request.body as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);

    const errors: LoginState['errors'] = [];
    if (email === '') errors.push({ field: 'email', message: t.admin.login.emailRequired });
    if (password === '') errors.push({ field: 'password', message: t.admin.login.passwordRequired });
    if (errors.length > 0) return renderLogin(request, reply, 422, { email, next, errors });

    const at = new Date(now());
    const failures = await recentLoginFailures(db, email, request.ip, new Date(at.getTime() - LOGIN_WINDOW_MS));
    const blockedSince = [
      failures.account >= LOGIN_MAX_FAILURES ? failures.oldestAccount : null,
      failures.address >= LOGIN_MAX_FAILURES ? failures.oldestAddress : null,
    ].filter((d): d is Date => d !== null);
    if (blockedSince.length > 0) {
      const until = Math.max(...blockedSince.map((d) => d.getTime() + LOGIN_WINDOW_MS));
      const seconds = Math.max(1, Math.ceil((until - at.getTime()) / 1000));
      void reply.header('retry-after', String(seconds));
      const message = format(t.admin.login.tooMany, { minutes: Math.ceil(seconds / 60) });
      return renderLogin(request, reply, 429, { email, next, errors: [{ field: 'email', message }] });
    }

    const owner = await findOwnerByEmail(db, email);
    // Unknown email and wrong password take the same time and get the same words.
    const valid = await verifyPassword(owner?.passwordHash ?? (await decoyHash()), password);
    if (!owner || !valid) {
      await recordLoginFailure(db, email, request.ip, at);
      request.log.info({ reason: owner ? 'wrong_password' : 'unknown_email' }, 'login refused');
      return renderLogin(request, reply, 401, { email, next, errors: [{ field: 'email', message: t.admin.login.wrong }] });
    }

    await clearLoginFailures(db, email);
    await reply.startOwnerSession(owner.id);
    request.log.info({ ownerId: owner.id }, 'owner signed in');
    return reply.redirect(next, 303);
  });

  app.post('/admin/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { t } = adminContext(request, reply);
    await reply.endOwnerSession();
    setFlash(reply, t.admin.login.signedOut);
    return reply.redirect('/admin/login', 303);
  });

  // ---- first owner, from the one-time link printed at start ----------------

  async function renderSetup(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    token: string,
    email: string,
    errors: { field: string; code: CredentialError }[],
  ) {
    const { lang, t } = adminContext(request, reply);
    const list = errors.map((e) => ({ field: e.field, message: t.admin.setup.errors[e.code] }));
    return reply.code(status).page('admin/setup', {
      lang,
      title: t.admin.setup.title,
      hasErrors: list.length > 0,
      errors: list,
      errorMessages: Object.fromEntries(list.map((e) => [e.field, e.message])),
      email,
      action: `/admin/setup/${encodeURIComponent(token)}`,
      csrfToken: reply.csrfToken(),
      switchUrl: switchLanguageUrl(request, lang),
    });
  }

  async function renderSetupInvalid(request: FastifyRequest, reply: FastifyReply) {
    const { lang, t } = adminContext(request, reply);
    return reply.code(404).page('errors/page', {
      lang,
      title: t.admin.setup.invalidTitle,
      body: t.admin.setup.invalidBody,
      status: 404,
    });
  }

  const usable = async (token: string) =>
    /^[A-Za-z0-9_-]{43}$/.test(token) && (await countOwners(db)) === 0 && (await isSetupTokenUsable(db, token, new Date(now())));

  app.get<{ Params: { token: string } }>('/admin/setup/:token', async (request, reply) => {
    if (!(await usable(request.params.token))) return renderSetupInvalid(request, reply);
    return renderSetup(request, reply, 200, request.params.token, '', []);
  });

  app.post<{ Params: { token: string } }>('/admin/setup/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { token } = request.params;
    if (!(await usable(token))) return renderSetupInvalid(request, reply);
    const body = request.body as Record<string, unknown>;
    const parsed = parseNewOwner({ email: body.email, password: body.password, confirm: body.confirm ?? '' });
    if (!parsed.ok) {
      return renderSetup(request, reply, 422, token, typeof body.email === 'string' ? body.email : '', parsed.errors);
    }
    const owner = await createFirstOwner(db, token, parsed.email, await hashPassword(parsed.password), new Date(now()));
    if (!owner) return renderSetupInvalid(request, reply);
    settingsCache.invalidate();
    request.log.info({ ownerId: owner.id }, 'first owner created from the setup link');
    await reply.startOwnerSession(owner.id);
    return reply.redirect('/admin/applicants', 303);
  });
};

export default authRoutes;
