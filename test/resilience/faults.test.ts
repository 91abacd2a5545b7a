import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { applications, outbox } from '../../src/db/schema.js';
import { enqueueEmail } from '../../src/mail/outbox.js';
import { ResendTransport } from '../../src/mail/transport.js';
import { OutboxWorker } from '../../src/mail/worker.js';
import { TestClock, buildTestApp, goodAnswers, html, openForm, submitForm, testConfig } from '../helpers/app.js';
import { createTestDatabase, databaseKinds } from '../helpers/database.js';
import { ResendStub } from '../helpers/resend-stub.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

vi.setConfig({ testTimeout: 120_000 });
const quietLog = { info() {}, warn() {}, error() {} };

describe.each(databaseKinds())('hostile input on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('stores nothing and queues no email for an invalid application', async () => {
    const t = await buildTestApp(kind);
    cleanups.push(() => t.close());
    const form = await openForm(t.app);
    t.clock.advance(60);
    const response = await submitForm(t.app, form, { ...goodAnswers(), email: 'nope', goals: '' });
    expect(response.statusCode).toBe(422);
    expect(await t.database.db.select().from(applications)).toHaveLength(0);
    expect(await t.database.db.select().from(outbox)).toHaveLength(0);
  });

  it('does not give a forged X-Forwarded-For a fresh rate-limit bucket on the form', async () => {
    const t = await buildTestApp(kind, { applyRateLimit: 2 });
    cleanups.push(() => t.close());
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const form = await openForm(t.app);
      t.clock.advance(60);
      const response = await t.app.inject({
        method: 'POST',
        url: '/apply',
        cookies: form.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i}` },
        payload: new URLSearchParams({ ...form.fields, ...goodAnswers(), fax: '' }).toString(),
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([303, 303, 429, 429]);
    expect(await t.database.db.select().from(applications)).toHaveLength(2);
  });
});

describe('a Resend call that times out after Resend accepted the email', () => {
  it('is retried with the same Idempotency-Key and delivered once', async () => {
    const stub = await new ResendStub().start();
    const database = await createTestDatabase('pglite');
    try {
      const clock = new TestClock();
      await enqueueEmail(database.db, {
        purpose: 'applicant_ack',
        applicationId: null,
        dedupeKey: null,
        language: 'en',
        now: new Date(clock.ms),
        email: { from: 'desk@agency.example', to: ['p@example.com'], subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' },
      });
      stub.respondWith({ status: 200, hang: true });
      const worker = new OutboxWorker({ db: database.db, transport: new ResendTransport('re_t', stub.url, 300), log: quietLog, now: clock.now });
      await worker.runOnce();
      const [first] = await database.db.select().from(outbox);
      expect(first).toMatchObject({ status: 'pending', attempts: 1 });
      expect(first?.lastError).toMatch(/^network application_error/);
      clock.advance(2);
      await worker.runOnce();
      const [sent] = await database.db.select().from(outbox);
      expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
      expect(stub.requests.map((r) => r.idempotencyKey)).toEqual([sent!.id, sent!.id]);
      expect(stub.delivered.size).toBe(1);
    } finally {
      await database.close();
      await stub.close();
    }
  });
});

// A real outage needs a real server: PostgreSQL (always in CI, which sets REQUIRE_POSTGRES=1).
describe.each(databaseKinds().filter((kind) => kind === 'postgres'))('when %s goes away and comes back', () => {
  it('answers 503 with the answers kept, writes nothing, then works again without a restart', async () => {
    const test = await createTestDatabase('postgres');
    const target = new URL(test.url as string);
    const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    const viaProxy = new URL(test.url as string);
    viaProxy.port = String(proxy.port);
    const database = await openDatabase({ url: viaProxy.toString(), maxConnections: 3 });
    const clock = new TestClock();
    const app = await buildApp({ config: testConfig(), database, now: clock.now });
    try {
      const submit = async (name: string) => {
        const form = await openForm(app);
        clock.advance(60);
        return submitForm(app, form, { ...goodAnswers(), name });
      };
      expect((await submit('Before')).statusCode).toBe(303);

      await proxy.cut();
      const during = await submit('During');
      expect(during.statusCode).toBe(503);
      expect(during.headers['retry-after']).toBeDefined();
      expect(html(during).querySelector('#name')?.getAttribute('value')).toBe('During');
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);

      await proxy.restore();
      let after = await submit('After');
      for (let i = 0; i < 20 && after.statusCode !== 303; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        after = await submit('After');
      }
      expect(after.statusCode).toBe(303);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const names = (await test.db.select({ name: applications.name }).from(applications)).map((r) => r.name).sort();
      expect(names).toEqual(['After', 'Before']);
      const orphanEmails = await test.db.select().from(outbox).where(eq(outbox.purpose, 'applicant_ack'));
      expect(orphanEmails).toHaveLength(2);
    } finally {
      await app.close();
      await proxy.close();
      await test.close();
    }
  });
});

// Two instances need a shared server: PostgreSQL (always in CI, which sets REQUIRE_POSTGRES=1).
describe.each(databaseKinds().filter((kind) => kind === 'postgres'))('two app instances on one %s', () => {
  it('lose no application when prospects post to both at once', async () => {
    const test = await createTestDatabase('postgres');
    const other = await openDatabase({ url: test.url, maxConnections: 5 });
    const clock = new TestClock();
    const apps = [
      await buildApp({ config: testConfig({ applyRateLimit: 10_000 }), database: { ...test, close: async () => {} }, now: clock.now }),
      await buildApp({ config: testConfig({ applyRateLimit: 10_000 }), database: other, now: clock.now }),
    ];
    try {
      const forms = await Promise.all(apps.map((app) => openForm(app)));
      clock.advance(60);
      const responses = await Promise.all(
        Array.from({ length: 120 }, (_, i) => {
          const which = i % 2;
          const form = { ...forms[which]!, fields: { ...forms[which]!.fields, submission_key: crypto.randomUUID() } };
          return submitForm(apps[which]!, form, { ...goodAnswers(), name: `Prospect ${i}` });
        }),
      );
      expect(responses.every((r) => r.statusCode === 303)).toBe(true);
      const stored = await test.db.select({ name: applications.name }).from(applications);
      expect(stored).toHaveLength(120);
      expect(new Set(stored.map((s) => s.name)).size).toBe(120);
    } finally {
      for (const app of apps) await app.close();
      await test.close();
    }
  });
});
