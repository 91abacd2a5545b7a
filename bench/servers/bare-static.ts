import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/** Baseline for R1: a bare Fastify route sending the very bytes of GET /apply. */
const html = readFileSync(process.env.BENCH_BODY_FILE as string);
const app = Fastify({ logger: false });
app.get('/apply', async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
