import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { applications, outbox } from '../../src/db/schema.js';
import { ResendTransport } from '../../src/mail/transport.js';
import { OutboxWorker } from '../../src/mail/worker.js';
import { goodAnswers } from '../helpers/app.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/database.js';
import { ResendStub } from '../helpers/resend-stub.js';
import { freePort } from '../helpers/net.js';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
const quietLog = { info() {}, warn() {}, error() {} };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The real server, in its own process, as `npm start` runs it (production mode). */
class ServerProcess {
  child: ChildProcess | undefined;
  exit: Promise<number | null> | undefined;
  url = '';
  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<this> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        SESSION_SECRET: 'load-test-secret-load-test-secret-load',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: this.url,
        LOG_LEVEL: 'error',
        MIN_FILL_SECONDS: '0',
        APPLY_RATE_LIMIT: '1000000',
        OUTBOX_WORKER: 'off',
        ...this.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.exit = new Promise((resolve) => this.child!.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 300; i++) {
      try {
        if ((await get(this.url, '/healthz')).status === 200) return this;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('server did not start');
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      await this.exit;
    }
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 400 });

function send(url: string, method: string, pathname: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${pathname}`, { method, agent, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body).toString() } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')));
    req.end(body);
  });
}
const get = (url: string, pathname: string) => send(url, 'GET', pathname);

/** One browser's form: its token and signed start time (and any cookie it set), reused for many posts. */
async function formSession(url: string) {
  const page = await get(url, '/apply');
  const cookie = String((page.headers['set-cookie'] as string[] | undefined)?.[0] ?? '').split(';')[0] as string;
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.body)?.[1] as string;
  return { cookie, csrf: field('_csrf'), startedAt: field('started_at') };
}

const BUDGETS = ['900', '2000', '3250', '5000', '9000'];

function application(session: Awaited<ReturnType<typeof formSession>>, i: number, key = randomUUID()) {
  return new URLSearchParams({
    ...goodAnswers(),
    name: `Load ${i}`,
    email: `load${i}@example.com`,
    monthly_budget: BUDGETS[i % BUDGETS.length] as string,
    fax: '',
    _csrf: session.csrf,
    started_at: session.startedAt,
    submission_key: key,
  }).toString();
}

function post(url: string, session: Awaited<ReturnType<typeof formSession>>, body: string) {
  return send(url, 'POST', '/apply', body, { 'content-type': 'application/x-www-form-urlencoded', ...(session.cookie ? { cookie: session.cookie } : {}) });
}

/** Runs `total` jobs with `concurrency` in flight at once. */
async function pool<T>(total: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await job(i);
      }
    }),
  );
  return results;
}

// Skipped only without TEST_DATABASE_URL: load against a real server needs a real PostgreSQL.
// CI sets it with REQUIRE_POSTGRES=1, so there it always runs.
describe.skipIf(!databaseKinds().includes('postgres'))('under load on postgres', () => {
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dataDir = await mkdtemp(path.join(tmpdir(), 'sd-load-'));
  });
  afterAll(async () => {
    agent.destroy();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const reset = async () => {
    await database.db.delete(outbox);
    await database.db.delete(applications);
  };

  it('stores exactly 10,000 applications sent 50 at a time, with one owner email per qualified one and no 5xx', async () => {
    await reset();
    const server = await new ServerProcess({ DATABASE_URL: database.url as string, DATA_DIR: dataDir, OWNER_NOTIFY_EMAILS: 'boss@agency.example' }).start();
    const stub = await new ResendStub().start();
    try {
      const session = await formSession(server.url);
      const statuses = await pool(10_000, 50, async (i) => (await post(server.url, session, application(session, i))).status);
      const counts = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
      expect(counts).toEqual({ 303: 10_000 });

      const [{ rows }] = (await database.db.select({ rows: sql<number>`count(*)`.mapWith(Number) }).from(applications)) as [{ rows: number }];
      expect(rows).toBe(10_000);
      const qualified = await database.db.select({ id: applications.id }).from(applications).where(eq(applications.outcome, 'qualified'));
      const ownerMails = await database.db.select().from(outbox).where(eq(outbox.purpose, 'owner_qualified'));
      expect(qualified.length).toBeGreaterThan(1000);
      expect(ownerMails).toHaveLength(qualified.length);
      expect(new Set(ownerMails.map((m) => m.applicationId))).toEqual(new Set(qualified.map((q) => q.id)));

      // Two workers deliver everything; each message reaches Resend once.
      const second = await openDatabase({ url: database.url, maxConnections: 4 });
      try {
        const workers = [database, second].map(
          (handle) => new OutboxWorker({ db: handle.db, transport: new ResendTransport('re_load', stub.url), log: quietLog, batchSize: 50 }),
        );
        await Promise.all(
          workers.map(async (worker) => {
            while ((await worker.runOnce()) > 0);
          }),
        );
      } finally {
        await second.close();
      }
      const toOwner = stub.requests.filter((r) => r.body.to.includes('boss@agency.example'));
      expect(toOwner).toHaveLength(qualified.length);
      expect([...stub.keysSeen().values()].every((n) => n === 1)).toBe(true);
    } finally {
      await server.stop();
      await stub.close();
    }
  });

  it('stays responsive under twice its saturating load and a slow-loris attack: the excess gets 503 + Retry-After, nothing is lost', async () => {
    await reset();
    const server = await new ServerProcess({ DATABASE_URL: database.url as string, DATA_DIR: dataDir, MAX_EVENT_LOOP_DELAY_MS: '40' }).start();
    const loris: Socket[] = [];
    try {
      const port = Number(new URL(server.url).port);
      for (let i = 0; i < 40; i++) {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => {});
        socket.write('POST /apply HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        loris.push(socket);
      }
      const session = await formSession(server.url);
      const keys: string[] = [];
      let healthWorst = 0;
      const probe = (async () => {
        for (let i = 0; i < 10; i++) {
          const started = Date.now();
          await get(server.url, '/healthz').catch(() => undefined);
          healthWorst = Math.max(healthWorst, Date.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      })();
      const results = await pool(3000, 300, async (i) => {
        const key = randomUUID();
        keys[i] = key;
        const reply = await post(server.url, session, application(session, i, key));
        return { status: reply.status, retryAfter: reply.headers['retry-after'], key };
      });
      await probe;
      const statuses = new Set(results.map((r) => r.status));
      expect([...statuses].every((s) => s === 303 || s === 503)).toBe(true);
      expect(results.filter((r) => r.status === 503).every((r) => r.retryAfter !== undefined)).toBe(true);
      const stored = await database.db.select({ key: applications.submissionKey }).from(applications);
      expect(new Set(stored.map((s) => s.key))).toEqual(new Set(results.filter((r) => r.status === 303).map((r) => r.key)));
      expect(healthWorst).toBeLessThan(5000);
      // The trickling clients never blocked anyone, and are cut off in the end.
      expect(loris.some((s) => !s.destroyed)).toBe(true);
    } finally {
      for (const socket of loris) socket.destroy();
      await server.stop();
    }
  });

  it('finishes the requests under way on SIGTERM, refuses the rest, and loses nothing', async () => {
    await reset();
    const server = await new ServerProcess({ DATABASE_URL: database.url as string, DATA_DIR: dataDir }).start();
    const session = await formSession(server.url);
    const outcomes: { key: string; status: number | 'refused' }[] = [];
    let i = 0;
    const load = pool(50, 50, async () => {
      for (;;) {
        const key = randomUUID();
        try {
          const reply = await post(server.url, session, application(session, i++, key));
          outcomes.push({ key, status: reply.status });
          if (reply.status === 503) return;
        } catch {
          outcomes.push({ key, status: 'refused' });
          return;
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server.child!.kill('SIGTERM');
    await load;
    expect(await server.exit).toBe(0);
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].every((s) => s === 303 || s === 503 || s === 'refused')).toBe(true);
    const accepted = outcomes.filter((o) => o.status === 303).map((o) => o.key);
    expect(accepted.length).toBeGreaterThan(50);
    const stored = await database.db.select({ key: applications.submissionKey }).from(applications);
    expect(new Set(stored.map((s) => s.key))).toEqual(new Set(accepted));
  });
});
