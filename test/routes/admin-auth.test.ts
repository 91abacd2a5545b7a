import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applicationEvents, applications, loginFailures, ownerSessions, owners, setupTokens } from '../../src/db/schema.js';
import { bootstrapOwners } from '../../src/services/owners.js';
import { buildTestApp, html, testConfig, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/database.js';
import { OWNER_EMAIL, OWNER_PASSWORD, createOwner, post, seedApplication, signIn, visit, type Browser } from '../helpers/owners.js';

const silentLog = { info() {}, warn() {}, error() {} } as never;

describe.each(databaseKinds())('owner sign-in on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    const { db } = t.database;
    await db.delete(applicationEvents);
    await db.delete(applications);
    await db.delete(ownerSessions);
    await db.delete(loginFailures);
    await db.delete(setupTokens);
    await db.delete(owners);
    await createOwner(db);
  });

  describe('without a session', () => {
    it.each(['/admin/applicants', '/admin/applicants.csv', '/admin/applicants/3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f', '/admin'])(
      'GET %s redirects to the login page with where to go next',
      async (url) => {
        const response = await t.app.inject({ method: 'GET', url });
        expect([302, 303]).toContain(response.statusCode);
        expect(response.headers.location).toBe(`/admin/login?next=${encodeURIComponent(url)}`);
      },
    );

    it('refuses an admin POST by redirecting to the login page, changing nothing', async () => {
      const { id } = await seedApplication(t.database.db);
      const response = await t.app.inject({
        method: 'POST',
        url: `/admin/applicants/${id}/decision`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'decision=invited',
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toMatch(/^\/admin\/login/);
      const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id));
      expect(row?.decision).toBe('undecided');
    });
  });

  describe('logging in', () => {
    it('signs in with the right password and goes to the page asked for', async () => {
      const browser: Browser = { cookies: {}, csrf: '' };
      await visit(t.app, browser, '/admin/login?next=%2Fadmin%2Fapplicants%3Fsort%3Dscore_desc');
      const response = await post(t.app, browser, '/admin/login', {
        email: 'Owner@Agency.example ',
        password: OWNER_PASSWORD,
        next: '/admin/applicants?sort=score_desc',
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/admin/applicants?sort=score_desc');
      const cookie = response.cookies.find((c) => c.name === 'sd_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin' });
      expect(cookie?.secure).toBeFalsy();
      const list = await visit(t.app, browser, '/admin/applicants');
      expect(list.statusCode).toBe(200);
      expect(html(list).querySelector('.owner-nav')?.text).toContain(OWNER_EMAIL);
    });

    it('never follows `next` to another site', async () => {
      const browser: Browser = { cookies: {}, csrf: '' };
      await visit(t.app, browser, '/admin/login');
      const response = await post(t.app, browser, '/admin/login', {
        email: OWNER_EMAIL,
        password: OWNER_PASSWORD,
        next: '//evil.example/admin',
      });
      expect(response.headers.location).toBe('/admin/applicants');
    });

    it('answers 401 with one message for a wrong password and for an unknown email', async () => {
      const browser: Browser = { cookies: {}, csrf: '' };
      await visit(t.app, browser, '/admin/login');
      const wrongPassword = await post(t.app, browser, '/admin/login', { email: OWNER_EMAIL, password: 'not the password at all' });
      const unknownEmail = await post(t.app, browser, '/admin/login', { email: 'nobody@agency.example', password: OWNER_PASSWORD });
      expect(wrongPassword.statusCode).toBe(401);
      expect(unknownEmail.statusCode).toBe(401);
      const message = (r: typeof wrongPassword) => html(r).querySelector('.error-summary a')?.text;
      expect(message(wrongPassword)).toBe('Enter a correct email address and password');
      expect(message(unknownEmail)).toBe(message(wrongPassword));
      expect(html(wrongPassword).querySelector('#password')?.getAttribute('value')).toBe('');
      expect(wrongPassword.cookies.find((c) => c.name === 'sd_session')).toBeUndefined();
    });

    it('gives a new session id at every login and ends the one before', async () => {
      const first = await signIn(t.app);
      const oldToken = first.cookies.sd_session;
      const again = await post(t.app, first, '/admin/login', { email: OWNER_EMAIL, password: OWNER_PASSWORD });
      expect(again.statusCode).toBe(303);
      expect(first.cookies.sd_session).not.toBe(oldToken);
      const replay = await t.app.inject({ method: 'GET', url: '/admin/applicants', cookies: { sd_session: oldToken as string } });
      expect(replay.statusCode).toBe(303);
    });

    it('sets Secure cookies when PUBLIC_URL is https', async () => {
      const secure = await buildTestApp(kind, { publicUrl: 'https://desk.agency.example' });
      try {
        await createOwner(secure.database.db);
        const browser: Browser = { cookies: {}, csrf: '' };
        await visit(secure.app, browser, '/admin/login');
        const response = await post(secure.app, browser, '/admin/login', { email: OWNER_EMAIL, password: OWNER_PASSWORD });
        expect(response.cookies.find((c) => c.name === 'sd_session')?.secure).toBe(true);
        expect(response.headers['strict-transport-security']).toBeDefined();
      } finally {
        await secure.close();
      }
    });
  });

  describe('the login rate limit', () => {
    it('answers 429 with Retry-After after 10 failures for one account, even with the right password', async () => {
      const browser: Browser = { cookies: {}, csrf: '' };
      await visit(t.app, browser, '/admin/login');
      for (let i = 0; i < 10; i++) {
        const r = await post(t.app, browser, '/admin/login', { email: OWNER_EMAIL, password: `wrong password ${i}` });
        expect(r.statusCode).toBe(401);
      }
      const blocked = await post(t.app, browser, '/admin/login', { email: OWNER_EMAIL, password: OWNER_PASSWORD });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      t.clock.advance(15 * 60 + 1);
      const later = await post(t.app, browser, '/admin/login', { email: OWNER_EMAIL, password: OWNER_PASSWORD });
      expect(later.statusCode).toBe(303);
    });

    it('answers 429 after 10 failures from one address across accounts', async () => {
      const browser: Browser = { cookies: {}, csrf: '' };
      await visit(t.app, browser, '/admin/login');
      for (let i = 0; i < 10; i++) {
        await post(t.app, browser, '/admin/login', { email: `guess${i}@agency.example`, password: 'whatever password' });
      }
      const blocked = await post(t.app, browser, '/admin/login', { email: OWNER_EMAIL, password: OWNER_PASSWORD });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
    });

    it('does not let a forged X-Forwarded-For buy a fresh bucket', async () => {
      const browser: Browser = { cookies: {}, csrf: '' };
      await visit(t.app, browser, '/admin/login');
      for (let i = 0; i < 10; i++) {
        await post(t.app, browser, '/admin/login', { email: `guess${i}@agency.example`, password: 'whatever password' });
      }
      const forged = await t.app.inject({
        method: 'POST',
        url: '/admin/login',
        cookies: browser.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9' },
        payload: new URLSearchParams({ _csrf: browser.csrf, email: 'other@agency.example', password: 'whatever password' }).toString(),
      });
      expect(forged.statusCode).toBe(429);
    });
  });

  describe('sessions', () => {
    it('refuses a cookie replayed after logout', async () => {
      const browser = await signIn(t.app);
      const copied = { ...browser.cookies };
      const logout = await post(t.app, browser, '/admin/logout', {});
      expect(logout.statusCode).toBe(303);
      expect(logout.headers.location).toBe('/admin/login');
      const replay = await t.app.inject({ method: 'GET', url: '/admin/applicants', cookies: copied });
      expect(replay.statusCode).toBe(303);
      expect(replay.headers.location).toMatch(/^\/admin\/login/);
    });

    it('ends after 4 idle hours', async () => {
      const browser = await signIn(t.app);
      t.clock.advance(3 * 3600);
      expect((await visit(t.app, browser, '/admin/applicants')).statusCode).toBe(200);
      t.clock.advance(4 * 3600 + 1);
      expect((await visit(t.app, browser, '/admin/applicants')).statusCode).toBe(303);
    });

    it('ends after 24 hours however active', async () => {
      const browser = await signIn(t.app);
      for (let hour = 3; hour <= 21; hour += 3) {
        t.clock.advance(3 * 3600);
        expect((await visit(t.app, browser, '/admin/applicants')).statusCode).toBe(200);
      }
      t.clock.advance(3 * 3600);
      expect((await visit(t.app, browser, '/admin/applicants')).statusCode).toBe(303);
    });
  });

  describe('anti-forgery on admin POSTs', () => {
    it.each([
      ['a decision', (id: string) => [`/admin/applicants/${id}/decision`, { decision: 'invited' }] as const],
      ['a note', (id: string) => [`/admin/applicants/${id}/notes`, { note: 'Call back on Monday' }] as const],
      ['a deletion', (id: string) => [`/admin/applicants/${id}/delete`, {}] as const],
    ])('refuses %s without a token, or with another session’s, with 403 and changes nothing', async (_label, make) => {
      const { id } = await seedApplication(t.database.db);
      const [url, fields] = make(id);
      const owner = await signIn(t.app);
      const other = await signIn(t.app);
      const missing = await post(t.app, owner, url, { ...fields, _csrf: '' });
      expect(missing.statusCode).toBe(403);
      const foreign = await post(t.app, owner, url, { ...fields, _csrf: other.csrf });
      expect(foreign.statusCode).toBe(403);
      const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id));
      expect(row?.decision).toBe('undecided');
      expect(await t.database.db.select().from(applicationEvents)).toHaveLength(0);
      // The same request with the owner's own token goes through.
      const own = await post(t.app, owner, url, fields);
      expect(own.statusCode).toBe(303);
    });

    it('refuses a logout without a token', async () => {
      const browser = await signIn(t.app);
      const response = await post(t.app, browser, '/admin/logout', { _csrf: '' });
      expect(response.statusCode).toBe(403);
      expect((await visit(t.app, browser, '/admin/applicants')).statusCode).toBe(200);
    });

    it('refuses a login without a token', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `email=${encodeURIComponent(OWNER_EMAIL)}&password=${encodeURIComponent(OWNER_PASSWORD)}`,
      });
      expect(response.statusCode).toBe(403);
      expect(response.cookies.find((c) => c.name === 'sd_session')).toBeUndefined();
    });
  });

  describe('the first owner', () => {
    beforeEach(async () => {
      await t.database.db.delete(owners);
    });

    it('gets a one-time setup link that works once and signs them in', async () => {
      const { setupUrl } = await bootstrapOwners(t.database.db, testConfig(), silentLog, new Date(t.clock.ms));
      expect(setupUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/admin\/setup\/[A-Za-z0-9_-]{43}$/);
      const path = new URL(setupUrl as string).pathname;
      const browser: Browser = { cookies: {}, csrf: '' };
      const form = await visit(t.app, browser, path);
      expect(form.statusCode).toBe(200);

      const short = await post(t.app, browser, path, { email: 'first@agency.example', password: 'too short', confirm: 'too short' });
      expect(short.statusCode).toBe(422);
      expect(html(short).querySelector('.error-summary a[href="#password"]')?.text).toBe(
        'Your password must be at least 12 characters',
      );

      const passphrase = 'a long passphrase that is easy to remember '.repeat(4);
      const created = await post(t.app, browser, path, { email: 'first@agency.example', password: passphrase, confirm: passphrase });
      expect(created.statusCode).toBe(303);
      expect(created.headers.location).toBe('/admin/applicants');
      expect((await visit(t.app, browser, '/admin/applicants')).statusCode).toBe(200);

      const again = await t.app.inject({ method: 'GET', url: path });
      expect(again.statusCode).toBe(404);
      expect(html(again).querySelector('h1')?.text).toBe('This setup link cannot be used');
      expect(await signIn(t.app, 'first@agency.example', passphrase)).toBeDefined();
    });

    it('expires after an hour', async () => {
      const { setupUrl } = await bootstrapOwners(t.database.db, testConfig(), silentLog, new Date(t.clock.ms));
      t.clock.advance(3601);
      const response = await t.app.inject({ method: 'GET', url: new URL(setupUrl as string).pathname });
      expect(response.statusCode).toBe(404);
    });

    it('is created from ADMIN_EMAIL and ADMIN_PASSWORD instead, with no link', async () => {
      const config = testConfig({ adminEmail: 'boss@agency.example', adminPassword: 'twelve chars or more' });
      const { setupUrl } = await bootstrapOwners(t.database.db, config, silentLog, new Date(t.clock.ms));
      expect(setupUrl).toBeUndefined();
      expect(await signIn(t.app, 'boss@agency.example', 'twelve chars or more')).toBeDefined();
    });
  });
});
