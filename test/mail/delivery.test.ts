import { createHmac } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applicationEvents, applications, outbox, screeningSettings, type EmailPayload } from '../../src/db/schema.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/domain/settings.js';
import { DevelopmentTransport, ResendTransport, WEBHOOK_SIGNATURE_HEADER } from '../../src/mail/transport.js';
import { OutboxWorker } from '../../src/mail/worker.js';
import { createWorker } from '../../src/mail/setup.js';
import { buildTestApp, goodAnswers, html, openForm, submitForm, testConfig, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/database.js';
import { createOwner, post, signIn, visit, type Browser } from '../helpers/owners.js';
import { ResendStub, resendError } from '../helpers/resend-stub.js';

const quietLog = { info() {}, warn() {}, error() {} };
const API_KEY = 're_test_123';
const TOXIC = { monthly_budget: '900', contact_preference: 'anytime' };

describe.each(databaseKinds())('handing leads over by email on %s', (kind) => {
  let t: TestApp;
  let stub: ResendStub;
  let worker: OutboxWorker;
  let owner: Browser;

  beforeAll(async () => {
    stub = await new ResendStub().start();
    t = await buildTestApp(kind, { ownerNotifyEmails: ['boss@agency.example'], mailFrom: 'Agency <desk@agency.example>' });
    await createOwner(t.database.db);
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });
  beforeEach(async () => {
    stub.requests.length = 0;
    stub.delivered.clear();
    await t.database.db.delete(outbox);
    await t.database.db.delete(applicationEvents);
    await t.database.db.delete(applications);
    await t.database.db.delete(screeningSettings);
    await t.database.db.insert(screeningSettings).values({ version: 1, settings: DEFAULT_SETTINGS });
    // Tests move the clock by days: a fresh session each time.
    owner = await signIn(t.app);
    worker = new OutboxWorker({
      db: t.database.db,
      transport: new ResendTransport(API_KEY, stub.url),
      log: quietLog,
      now: t.clock.now,
      leaseMs: 60_000,
    });
  });

  async function useSettings(changes: Partial<Settings>) {
    await t.database.db.insert(screeningSettings).values({ version: 2, settings: { ...DEFAULT_SETTINGS, ...changes } });
  }

  async function apply(overrides: Record<string, string> = {}, url = '/apply') {
    const form = await openForm(t.app, url);
    t.clock.advance(60);
    const response = await submitForm(t.app, form, { ...goodAnswers(), ...overrides }, url);
    expect(response.statusCode).toBe(303);
    return String(response.headers.location).split('/').pop() as string;
  }

  const rowsFor = (purpose: string) => t.database.db.select().from(outbox).where(eq(outbox.purpose, purpose));
  const ownerRequests = () => stub.requests.filter((r) => r.body.to.includes('boss@agency.example'));

  it('sends one owner email per qualified lead, through Resend, with an idempotency key', async () => {
    const id = await apply();
    expect(await worker.runOnce()).toBe(2);
    const [ownerMail] = await rowsFor('owner_qualified');
    expect(ownerMail).toMatchObject({ status: 'sent', attempts: 1, applicationId: id });
    const requests = ownerRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      idempotencyKey: ownerMail!.id,
      authorization: `Bearer ${API_KEY}`,
      body: {
        from: 'Agency <desk@agency.example>',
        to: ['boss@agency.example'],
        subject: expect.stringMatching(/^Qualified lead: Camille Durand \(Cabinet Dentaire Durand\), score \d+$/),
      },
    });
    expect(requests[0]?.body.html).toContain(`http://127.0.0.1:3000/admin/applicants/${id}`);
    expect(requests[0]?.body.text).toContain('Monthly budget: €5,000');
    expect(await worker.runOnce()).toBe(0);
    expect(ownerRequests()).toHaveLength(1);
  });

  it('acknowledges every non-spam applicant, with the booking link for a qualified one', async () => {
    await useSettings({ bookingUrl: 'https://cal.example/discovery' });
    const qualified = await apply();
    await apply({ ...TOXIC, email: 'tom@cheap.example', name: 'Tom' });
    await apply({ fax: 'bot', email: 'bot@spam.example' });
    await worker.runOnce();
    const toApplicants = stub.requests.filter((r) => !r.body.to.includes('boss@agency.example'));
    expect(toApplicants.map((r) => r.body.to[0]).sort()).toEqual(['camille@example.com', 'tom@cheap.example']);
    const camille = toApplicants.find((r) => r.body.to[0] === 'camille@example.com');
    expect(camille?.body.text).toContain(`http://127.0.0.1:3000/apply/thanks/${qualified}/book`);
    const tom = toApplicants.find((r) => r.body.to[0] === 'tom@cheap.example');
    expect(tom?.body.text).not.toContain('/book');
    expect(tom?.body.text.toLowerCase()).not.toMatch(/declin/);
  });

  it('never writes to the owner about a declined or spam applicant', async () => {
    await apply(TOXIC);
    await apply({ fax: 'bot' });
    await worker.runOnce();
    expect(ownerRequests()).toHaveLength(0);
    expect(await rowsFor('owner_qualified')).toHaveLength(0);
  });

  it('writes the applicant’s emails in their language', async () => {
    await apply({}, '/apply?lang=fr');
    await worker.runOnce();
    const ack = stub.requests.find((r) => r.body.to[0] === 'camille@example.com');
    expect(ack?.body.subject).toBe('Nous avons bien reçu votre demande');
    expect(ack?.body.text).toContain('Bonjour Camille Durand,');
  });

  it('enqueues nothing new for a replayed submission', async () => {
    const form = await openForm(t.app);
    t.clock.advance(60);
    await submitForm(t.app, form, goodAnswers());
    await submitForm(t.app, form, goodAnswers());
    expect(await t.database.db.select().from(outbox)).toHaveLength(2);
  });

  it('retries 500s with the same key and backoff, and delivers once', async () => {
    await apply(TOXIC); // only the acknowledgement: one email
    stub.respondWith(resendError(500, 'internal_server_error'), resendError(503, 'service_unavailable'));
    await worker.runOnce();
    let [row] = await rowsFor('applicant_ack');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: '500 internal_server_error: internal_server_error' });
    expect(row!.nextAttemptAt.getTime() - t.clock.ms).toBe(2000);
    expect(await worker.runOnce()).toBe(0); // not due yet
    t.clock.advance(2);
    await worker.runOnce();
    [row] = await rowsFor('applicant_ack');
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row!.nextAttemptAt.getTime() - t.clock.ms).toBe(4000);
    t.clock.advance(4);
    await worker.runOnce();
    [row] = await rowsFor('applicant_ack');
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(stub.requests.map((r) => r.idempotencyKey)).toEqual([row!.id, row!.id, row!.id]);
    expect(stub.delivered.size).toBe(1);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    await useSettings({});
    await apply(TOXIC); // only the acknowledgement: one email
    stub.respondWith({ ...resendError(429, 'rate_limit_exceeded'), headers: { 'retry-after': '7' } });
    await worker.runOnce();
    const [row] = await rowsFor('applicant_ack');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.nextAttemptAt.getTime() - t.clock.ms).toBe(7000);
    t.clock.advance(6);
    expect(await worker.runOnce()).toBe(0);
    t.clock.advance(1);
    expect(await worker.runOnce()).toBe(1);
    expect((await rowsFor('applicant_ack'))[0]?.status).toBe('sent');
  });

  it('fails at once on a 422, shows it to the owner, and sends again on request', async () => {
    await apply(TOXIC);
    stub.respondWith(resendError(422, 'validation_error', 'Invalid `to` field.'));
    await worker.runOnce();
    const [row] = await rowsFor('applicant_ack');
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: '422 validation_error: Invalid `to` field.' });
    t.clock.advance(3600);
    expect(await worker.runOnce()).toBe(0);

    const page = html(await visit(t.app, owner, '/admin/emails'));
    const tableRow = page.querySelectorAll('tbody tr').find((tr) => tr.text.includes('Invalid `to` field.'));
    expect(tableRow?.querySelector('.badge--mail-failed')?.text).toBe('Failed');
    const again = await post(t.app, owner, `/admin/emails/${row!.id}/resend`, {});
    expect(again.statusCode).toBe(303);
    await worker.runOnce();
    const all = await rowsFor('applicant_ack');
    expect(all.map((r) => r.status).sort()).toEqual(['failed', 'sent']);
    expect(new Set(all.map((r) => r.id)).size).toBe(2);
  });

  it('gives up after about a day of failures', async () => {
    await apply(TOXIC);
    for (let i = 0; i < 40; i++) stub.respondWith(resendError(500, 'internal_server_error'));
    let attempts = 0;
    while (attempts < 40) {
      await worker.runOnce();
      const [row] = await rowsFor('applicant_ack');
      if (row?.status === 'failed') break;
      attempts++;
      t.clock.ms = row!.nextAttemptAt.getTime();
    }
    const [row] = await rowsFor('applicant_ack');
    expect(row?.status).toBe('failed');
    expect(row?.lastError).toMatch(/^gave up after a day/);
    expect(row!.attempts).toBeGreaterThan(10);
    expect(row!.attempts).toBeLessThan(40);
  });

  it('escapes a hostile name in the HTML of every email', async () => {
    await apply({ name: '<script>alert("x")</script> & <b>Co</b>' });
    await worker.runOnce();
    for (const request of stub.requests) {
      expect(request.body.html).not.toContain('<script>alert');
      expect(request.body.html).not.toContain('<b>Co</b>');
    }
    expect(ownerRequests()[0]?.body.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;');
  });

  describe('the webhook', () => {
    let receiver: Server;
    let received: { headers: Record<string, string | string[] | undefined>; body: string }[];
    let answers: number[];

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(answers.shift() ?? 204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    });
    beforeEach(() => {
      received = [];
      answers = [];
    });

    it('POSTs each qualified applicant, signed with HMAC-SHA256 of the body, retrying a 503', async () => {
      const secret = 'a-shared-secret-of-some-length';
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/leads`;
      await useSettings({ webhookUrl: url, webhookSecret: secret });
      const id = await apply();
      await apply(TOXIC);
      answers = [503];
      await worker.runOnce();
      t.clock.advance(2);
      await worker.runOnce();
      expect(received).toHaveLength(2);
      const [first, second] = received;
      expect(second?.body).toBe(first?.body);
      const signature = createHmac('sha256', secret).update(second!.body).digest('hex');
      expect(second?.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(`sha256=${signature}`);
      const payload = JSON.parse(second!.body);
      expect(payload).toMatchObject({ event: 'applicant.qualified', id, outcome: 'qualified', answers: { name: 'Camille Durand' } });
      expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
      expect((await rowsFor('webhook_qualified'))[0]?.status).toBe('sent');
    });
  });

  describe('the booking link', () => {
    it('is recorded when opened, shown on the detail page, and filterable', async () => {
      await useSettings({ bookingUrl: 'https://cal.example/discovery' });
      const opened = await apply({ name: 'Opened Olivia', email: 'olivia@example.com' });
      const never = await apply({ name: 'Never Nora', email: 'nora@example.com' });
      t.clock.advance(60);
      expect((await t.app.inject({ method: 'GET', url: `/apply/thanks/${opened}/book` })).statusCode).toBe(302);
      const detail = html(await visit(t.app, owner, `/admin/applicants/${opened}`));
      expect(detail.querySelector('.booking-status')?.text).toMatch(/^Opened the booking link on /);
      const other = html(await visit(t.app, owner, `/admin/applicants/${never}`));
      expect(other.querySelector('.booking-status')?.text).toBe('Has not opened the booking link yet.');
      const list = html(await visit(t.app, owner, '/admin/applicants?booking=not_opened'));
      expect(list.querySelectorAll('tbody tr td:first-child a').map((a) => a.text)).toEqual(['Never Nora']);
    });

    it('answers 404 for an applicant who did not qualify', async () => {
      await useSettings({ bookingUrl: 'https://cal.example/discovery' });
      const declined = await apply(TOXIC);
      expect((await t.app.inject({ method: 'GET', url: `/apply/thanks/${declined}/book` })).statusCode).toBe(404);
    });
  });

  describe('the polite decline', () => {
    it('is sent by the owner after an editable preview', async () => {
      const id = await apply({ ...TOXIC, name: 'Tom Toxic', email: 'tom@cheap.example' });
      const preview = html(await visit(t.app, owner, `/admin/applicants/${id}/decline`));
      expect(preview.querySelector('#subject')?.getAttribute('value')).toBe('Your application');
      expect(preview.querySelector('#body')?.text).toContain('Hello Tom Toxic,');
      expect(preview.querySelector('#body')?.text).toContain('we do not think we are the right agency');
      const sent = await post(t.app, owner, `/admin/applicants/${id}/decline`, {
        subject: 'About your project',
        body: 'Hello Tom,\n\nThank you. We are not the right fit.\n\nAll the best,',
      });
      expect(sent.statusCode).toBe(303);
      await worker.runOnce();
      const decline = stub.requests.find((r) => r.body.subject === 'About your project');
      expect(decline?.body.to).toEqual(['tom@cheap.example']);
      expect(decline?.body.text).toContain('We are not the right fit.');
      expect(decline?.body.reply_to).toEqual('owner@agency.example');
      const detail = html(await visit(t.app, owner, `/admin/applicants/${id}`));
      expect(detail.querySelector('.emails')?.text).toContain('About your project');
    });

    it('refuses an empty message with 422, the draft kept', async () => {
      const id = await apply(TOXIC);
      await visit(t.app, owner, `/admin/applicants/${id}/decline`);
      const response = await post(t.app, owner, `/admin/applicants/${id}/decline`, { subject: 'Hi', body: '  ' });
      expect(response.statusCode).toBe(422);
      expect(html(response).querySelector('.error-summary a[href="#body"]')?.text).toBe('Enter the message');
      expect(await rowsFor('applicant_decline')).toHaveLength(0);
    });

    it('goes by itself after the delay when the owner turned that on, unless they invite first', async () => {
      await useSettings({ autoDecline: { enabled: true, delayHours: 48 } });
      const keep = await apply({ ...TOXIC, email: 'keep@example.com' });
      const invite = await apply({ ...TOXIC, email: 'invite@example.com' });
      await worker.runOnce();
      expect(stub.requests.filter((r) => r.body.subject === 'Your application')).toHaveLength(0);
      await visit(t.app, owner, `/admin/applicants/${invite}`);
      await post(t.app, owner, `/admin/applicants/${invite}/decision`, { decision: 'invited' });
      t.clock.advance(48 * 3600);
      await worker.runOnce();
      const declines = stub.requests.filter((r) => r.body.subject === 'Your application');
      expect(declines.map((r) => r.body.to[0])).toEqual(['keep@example.com']);
      const rows = await rowsFor('applicant_decline');
      expect(rows.find((r) => r.applicationId === invite)?.status).toBe('cancelled');
      expect(rows.find((r) => r.applicationId === keep)?.status).toBe('sent');
    });
  });

  describe('the daily digest', () => {
    it('lists the review applicants once a day when turned on', async () => {
      await useSettings({ dailyDigest: true });
      t.clock.ms = Date.parse('2026-11-23T07:00:00Z');
      await apply({ name: 'Rita Review', monthly_budget: '2500', role: 'employee', start_timeline: 'later' });
      const digestWorker = createWorker(t.database.db, testConfig({ ownerNotifyEmails: ['boss@agency.example'] }), new ResendTransport(API_KEY, stub.url), quietLog, t.clock.now);
      await digestWorker.runOnce();
      expect(stub.requests.filter((r) => r.body.subject.includes('to review'))).toHaveLength(0);
      t.clock.ms = Date.parse('2026-11-23T08:30:00Z');
      await digestWorker.runOnce();
      await digestWorker.runOnce();
      const digests = stub.requests.filter((r) => r.body.subject === '1 applicants to review');
      expect(digests).toHaveLength(1);
      expect(digests[0]?.body.text).toContain('Rita Review');
      expect(digests[0]?.body.to).toEqual(['boss@agency.example']);
    });
  });
});

describe('the development transport', () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps each email under DATA_DIR/mail and logs one line', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sd-mail-'));
    const lines: string[] = [];
    const transport = new DevelopmentTransport(path.join(dir, 'mail'), (line) => lines.push(line));
    const email: EmailPayload = { from: 'a@b.example', to: ['c@d.example'], subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' };
    const result = await transport.send(email, '3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f');
    expect(result).toEqual({ ok: true, providerId: 'dev-3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f' });
    const saved = JSON.parse(await readFile(path.join(dir, 'mail', '3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f.json'), 'utf8'));
    expect(saved).toMatchObject({ subject: 'Hello', to: ['c@d.example'], text: 'Hi' });
    expect(await readFile(path.join(dir, 'mail', '3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f.html'), 'utf8')).toBe('<p>Hi</p>');
    expect(lines).toEqual([expect.stringContaining('email to c@d.example: “Hello”')]);
  });
});
