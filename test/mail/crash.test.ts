import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { outbox } from '../../src/db/schema.js';
import { enqueueEmail } from '../../src/mail/outbox.js';
import { ResendTransport } from '../../src/mail/transport.js';
import { OutboxWorker } from '../../src/mail/worker.js';
import { ensureDefaultSettings } from '../../src/repositories/settings.js';
import { createTestDatabase, databaseKinds } from '../helpers/database.js';
import { ResendStub } from '../helpers/resend-stub.js';

vi.setConfig({ testTimeout: 180_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
const quietLog = { info() {}, warn() {}, error() {} };

async function enqueueSome(db: DatabaseHandle['db'], count: number) {
  const now = new Date();
  for (let i = 0; i < count; i++) {
    await enqueueEmail(db, {
      purpose: 'applicant_ack',
      applicationId: null,
      dedupeKey: null,
      language: 'en',
      now,
      email: { from: 'desk@agency.example', to: [`p${i}@example.com`], subject: `Hello ${i}`, html: '<p>Hi</p>', text: 'Hi' },
    });
  }
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(databaseKinds())('a worker killed mid-send on %s', (kind) => {
  let stub: ResendStub;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    stub = await new ResendStub().start();
  });
  afterAll(async () => {
    await stub.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('sends the email exactly once after a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sd-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let env: Record<string, string> = { DATA_DIR: dataDir };
    let open: () => Promise<DatabaseHandle>;
    if (kind === 'pglite') {
      open = () => openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
    } else {
      const test = await createTestDatabase('postgres');
      cleanups.push(() => test.close());
      env = { ...env, DATABASE_URL: test.url as string };
      open = () => openDatabase({ url: test.url, maxConnections: 2 });
    }
    let database = await open();
    await database.migrate();
    await ensureDefaultSettings(database.db);
    await enqueueSome(database.db, 1);
    const [row] = await database.db.select().from(outbox);
    // PGlite is single-process: the worker process takes the files over.
    await database.close();

    stub.respondWith({ status: 200, hang: true });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/worker.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        RESEND_API_KEY: 're_test_crash',
        RESEND_BASE_URL: stub.url,
        MAIL_FROM: 'desk@agency.example',
        OUTBOX_LEASE_SECONDS: '1',
        ...env,
      },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // The moment Resend has the email, the worker dies: no time to record it.
    stub.onRequest = () => child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(stub.delivered.size).toBe(1);

    database = await open();
    try {
      const [claimed] = await database.db.select().from(outbox);
      expect(claimed).toMatchObject({ id: row!.id, status: 'sending', attempts: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the lease runs out
      const restarted = new OutboxWorker({ db: database.db, transport: new ResendTransport('re_test_crash', stub.url), log: quietLog, leaseMs: 1000 });
      await until(async () => (await restarted.runOnce()) > 0);
      const [sent] = await database.db.select().from(outbox);
      expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
      expect(stub.requests.map((r) => r.idempotencyKey)).toEqual([row!.id, row!.id]);
      expect(stub.delivered.size).toBe(1);
    } finally {
      stub.onRequest = undefined;
      await database.close();
    }
  });
});

// Only where a PostgreSQL server is configured (always in CI, which sets REQUIRE_POSTGRES=1).
describe.each(databaseKinds().filter((kind) => kind === 'postgres'))('two workers on one %s', () => {
  it('never send the same email twice', async () => {
    const stub = await new ResendStub().start();
    stub.latencyMs = 15;
    const test = await createTestDatabase('postgres');
    const second = await openDatabase({ url: test.url, maxConnections: 4 });
    try {
      await enqueueSome(test.db, 80);
      const workers = [test, second].map(
        (handle) =>
          new OutboxWorker({ db: handle.db, transport: new ResendTransport('re_two', stub.url), log: quietLog, batchSize: 5 }),
      );
      const drain = async (worker: OutboxWorker) => {
        let idle = 0;
        while (idle < 3) idle = (await worker.runOnce()) === 0 ? idle + 1 : 0;
      };
      await Promise.all(workers.map(drain));
      const rows = await test.db.select().from(outbox);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
      const counts = stub.keysSeen();
      expect(counts.size).toBe(80);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(counts.keys()));
    } finally {
      await second.close();
      await test.close();
      await stub.close();
    }
  });
});
