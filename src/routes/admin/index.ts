import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import sessionPlugin from '../../plugins/session.js';
import type { SettingsCache } from '../../services/settings-cache.js';
import applicantRoutes from './applicants.js';
import authRoutes from './auth.js';
import emailRoutes from './emails.js';
import settingsRoutes from './settings.js';

export interface AdminOptions {
  db: Database;
  config: Config;
  now: () => number;
  settingsCache: SettingsCache;
}

/** Pages anyone may open: the way in. */
const PUBLIC_ADMIN_PATHS = [/^\/admin\/login(\?|$)/, /^\/admin\/setup\//];

/**
 * The owner's side. Sessions are read here only, so the public form never
 * pays for them; every page but login and setup needs a signed-in owner.
 */
const adminRoutes: FastifyPluginAsync<AdminOptions> = async (app, { db, config, now, settingsCache }) => {
  await app.register(sessionPlugin, { db, now, secure: config.publicUrl.startsWith('https://') });

  app.addHook('preHandler', async (request, reply) => {
    if (request.owner || PUBLIC_ADMIN_PATHS.some((path) => path.test(request.url))) return;
    if (request.method === 'POST' && request.url === '/admin/logout') return;
    const next = request.method === 'GET' ? request.url : '/admin/applicants';
    return reply.redirect(`/admin/login?next=${encodeURIComponent(next)}`, 303);
  });

  // Owner pages are private: never cached by a browser or a proxy.
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });

  app.get('/admin', async (_request, reply) => reply.redirect('/admin/applicants', 302));
  await app.register(authRoutes, { db, now, settingsCache });
  await app.register(applicantRoutes, { db, config, now });
  await app.register(settingsRoutes, { db, now, settingsCache });
  await app.register(emailRoutes, { db, now });
};

export default adminRoutes;
