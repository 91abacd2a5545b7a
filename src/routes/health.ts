import type { FastifyPluginAsync } from 'fastify';
import type { DatabaseHandle } from '../db/client.js';

const PING_TIMEOUT_MS = 2000;

/** 200 while the process can serve and reach its database, 503 otherwise. */
const healthRoutes: FastifyPluginAsync<{ database: DatabaseHandle }> = async (app, { database }) => {
  app.get('/healthz', { logLevel: 'warn' }, async (request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS);
        }),
      ]);
      return reply.header('cache-control', 'no-store').send({ status: 'ok', database: database.driver });
    } catch (error) {
      request.log.warn({ err: error }, 'health check: database unreachable');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', database: database.driver });
    } finally {
      clearTimeout(timer);
    }
  });
};

export default healthRoutes;
