import { fileURLToPath } from 'node:url';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyUnderPressure from '@fastify/under-pressure';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import { messages, pickLanguage, type Messages } from './i18n/index.js';
import securityPlugin from './plugins/security.js';
import viewPlugin from './plugins/view.js';
import adminRoutes from './routes/admin/index.js';
import applyRoutes from './routes/apply.js';
import { SettingsCache } from './services/settings-cache.js';
import healthRoutes from './routes/health.js';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** Milliseconds since the epoch; tests pass their own clock. */
  now?: () => number;
  logger?: FastifyServerOptions['logger'];
}

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));

/**
 * Every form on the site is short text; 128 KiB leaves room for four long
 * answers in any script, percent-encoded, and refuses anything larger (413).
 */
export const BODY_LIMIT = 128 * 1024;

type PageKey = 'notFound' | 'error' | 'unavailable' | 'forbidden' | 'tooLarge' | 'unsupported' | 'badRequest' | 'tooMany';

function pageFor(status: number): PageKey {
  switch (status) {
    case 400:
      return 'badRequest';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 413:
      return 'tooLarge';
    case 415:
      return 'unsupported';
    case 429:
      return 'tooMany';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'error' : 'badRequest';
  }
}

function renderStatusPage(request: FastifyRequest, reply: FastifyReply, status: number) {
  const lang = pickLanguage((request.query as Record<string, unknown> | undefined)?.lang, request.headers['accept-language']);
  const t: Messages = messages(lang);
  const key = pageFor(status);
  return reply.code(status).page('errors/page', {
    lang,
    title: t.pages[`${key}Title`],
    body: t.pages[`${key}Body`],
    status,
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const now = deps.now ?? Date.now;
  const https = config.publicUrl.startsWith('https://');

  const app = Fastify({
    logger: deps.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    // A client that trickles its request (slow loris) is cut off.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
  });
  app.server.headersTimeout = 10_000;

  // Only HTML forms are accepted: JSON, text and multipart bodies get 415.
  app.removeAllContentTypeParsers();
  await app.register(fastifyFormbody, { bodyLimit: BODY_LIMIT });
  await app.register(securityPlugin, { secret: config.sessionSecret, https });
  if (config.maxEventLoopDelayMs > 0) {
    // Past saturation, shed the excess early with 503 + Retry-After rather than
    // letting every request slow down until they all time out.
    await app.register(fastifyUnderPressure, {
      maxEventLoopDelay: config.maxEventLoopDelayMs,
      retryAfter: 5,
      exposeStatusRoute: false,
    });
  }
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    maxAge: config.env === 'production' ? '1d' : 0,
  });
  await app.register(viewPlugin, { production: config.env === 'production' });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ err: { code: error.code, message: error.message } }, 'request refused');
    return renderStatusPage(request, reply, status);
  });
  app.setNotFoundHandler(async (request, reply) => renderStatusPage(request, reply, 404));

  app.addHook('onClose', async () => {
    await database.close();
  });

  await app.register(healthRoutes, { database });
  // One per app: the form reads through it, the owner pages clear it on a save.
  const settingsCache = new SettingsCache(database.db, now, config.settingsCacheMs);
  await app.register(applyRoutes, { db: database.db, config, now, settingsCache });
  await app.register(adminRoutes, { db: database.db, config, now, settingsCache });

  return app;
}
