import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applications, screeningSettings } from '../../src/db/schema.js';
import { FIELDS } from '../../src/domain/questionnaire.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { buildTestApp, encodeForm, formFrom, goodAnswers, html, openForm, submitForm, testConfig, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/database.js';

const THANKS = /^\/apply\/thanks\/([0-9a-f-]{36})$/;

describe.each(databaseKinds())('the discovery application on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.database.db.delete(applications);
  });

  const rows = () => t.database.db.select().from(applications);

  /** Opens the form, waits like a person would, and sends the answers. */
  async function apply(answers: Record<string, string | string[]>, url = '/apply') {
    const form = await openForm(t.app, url);
    t.clock.advance(60);
    return { form, response: await submitForm(t.app, form, answers, url) };
  }

  describe('the form', () => {
    it('renders every field of the questionnaire with its names and values', async () => {
      const { page } = await openForm(t.app);
      for (const field of FIELDS) {
        if (field.kind === 'choice') {
          const values = page.querySelectorAll(`input[type=radio][name=${field.name}]`).map((i) => i.getAttribute('value'));
          expect(values, field.name).toEqual([...field.options]);
          // The first option carries the field's id so error links land on it.
          expect(page.querySelector(`#${field.name}`)?.getAttribute('value')).toBe(field.options[0]);
        } else {
          const control = page.querySelector(`#${field.name}`);
          expect(control?.getAttribute('name'), field.name).toBe(field.name);
          expect(page.querySelector(`label[for=${field.name}]`), field.name).not.toBeNull();
        }
      }
    });

    it('groups the questions in four sections, each a fieldset with a legend', async () => {
      const { page } = await openForm(t.app);
      const legends = page.querySelectorAll('fieldset.section > legend').map((l) => l.text.trim());
      expect(legends).toEqual(['About you', 'Your marketing so far', 'Your business', 'Working together']);
      expect(page.querySelector('form')?.hasAttribute('novalidate')).toBe(true);
    });

    it('carries the hidden fields and a honeypot out of sight and out of the tab order', async () => {
      const { page, fields, cookies } = await openForm(t.app);
      expect(Object.keys(fields).sort()).toEqual(['_csrf', 'started_at', 'submission_key']);
      expect(fields.submission_key).toMatch(/^[0-9a-f-]{36}$/);
      // Stateless: the public form sets no cookie (src/lib/public-form.ts).
      expect(cookies).toEqual({});
      const trap = page.querySelector('input[name=fax]');
      expect(trap?.getAttribute('tabindex')).toBe('-1');
      expect(trap?.getAttribute('autocomplete')).toBe('off');
      expect(page.querySelector('label[for=fax]')?.text).toMatch(/leave this field empty/i);
    });

    it('marks optional questions "(optional)"', async () => {
      const { page } = await openForm(t.app);
      expect(page.querySelector('label[for=website]')?.text).toContain('(optional)');
      expect(page.querySelector('label[for=name]')?.text).not.toContain('(optional)');
    });

    it('speaks French with ?lang=fr and with a French Accept-Language', async () => {
      const byQuery = await openForm(t.app, '/apply?lang=fr');
      expect(byQuery.page.querySelector('html')?.getAttribute('lang')).toBe('fr');
      expect(byQuery.page.querySelector('label[for=ideal_customer]')?.text).toContain('Qui est votre client idéal ?');
      const byHeader = await openForm(t.app, '/apply', { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' });
      expect(byHeader.page.querySelector('h1')?.text).toBe('Travailler avec nous');
      const english = await openForm(t.app, '/apply?lang=en', { 'accept-language': 'fr' });
      expect(english.page.querySelector('h1')?.text).toBe('Apply to work with us');
    });

    it('redirects / to the form', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/apply');
    });
  });

  describe('a valid application', () => {
    it('answers 303 to an unguessable thank-you page and stores the screening', async () => {
      const { response } = await apply({ ...goodAnswers() });
      expect(response.statusCode).toBe(303);
      const id = THANKS.exec(String(response.headers.location))?.[1];
      expect(id).toBeDefined();
      const [row] = await rows();
      expect(row?.id).toBe(id);
      expect(row?.outcome).toBe('qualified');
      expect(row?.settingsVersion).toBe(1);
      expect(row?.language).toBe('en');
      expect(row?.answers.customer_ltv).toBe(12000);
      expect(row?.budgetScore).toBe(100);
      expect(row?.score).toBeGreaterThanOrEqual(70);
      expect(row?.breakdown.fit.authority.points).toBe(25);
      expect(row?.redFlags).toEqual([]);
    });

    it('stores a toxic prospect as declined with every flag and its evidence', async () => {
      const { response } = await apply({
        ...goodAnswers(),
        contact_preference: 'anytime',
        payment_terms: 'after_results',
        goals: 'We want to be #1 on Google within weeks, it’s URGENT. Our last agency were incompetent.',
      });
      expect(response.statusCode).toBe(303);
      const [row] = await rows();
      expect(row?.outcome).toBe('declined');
      expect(row?.redFlags).toEqual(['round_the_clock', 'pays_after_results', 'guaranteed_rankings', 'urgency', 'blames_providers']);
      const guaranteed = row?.breakdown.flags.find((f) => f.rule === 'guaranteed_rankings');
      expect(guaranteed?.evidence).toEqual([
        { kind: 'phrase', field: 'goals', phrase: '#1 on Google', text: '#1 on Google', start: 14, end: 26 },
      ]);
      expect(row?.breakdown.declineReasons).toContain('hard_flag');
    });

    it('keeps the language of the form', async () => {
      await apply({ ...goodAnswers() }, '/apply?lang=fr');
      const [row] = await rows();
      expect(row?.language).toBe('fr');
    });

    it('ignores injected score, outcome and decision fields', async () => {
      await apply({ ...goodAnswers(), monthly_budget: '100', score: '100', outcome: 'qualified', decision: 'invited' });
      const [row] = await rows();
      expect(row?.outcome).toBe('declined');
      expect(row?.decision).toBe('undecided');
      expect(row?.answers).not.toHaveProperty('score');
    });

    it('stores one application for the same submission key and lands on the same page', async () => {
      const form = await openForm(t.app);
      t.clock.advance(60);
      const first = await submitForm(t.app, form, goodAnswers());
      const second = await submitForm(t.app, form, goodAnswers());
      expect(first.statusCode).toBe(303);
      expect(second.statusCode).toBe(303);
      expect(second.headers.location).toBe(first.headers.location);
      expect(await rows()).toHaveLength(1);
    });
  });

  describe('the thank-you page', () => {
    it('shows the booking link to a qualified prospect when one is configured', async () => {
      await t.database.db
        .insert(screeningSettings)
        .values({ version: 2, settings: { ...DEFAULT_SETTINGS, bookingUrl: 'https://cal.example/discovery' } });
      try {
        const { response } = await apply(goodAnswers());
        const thanks = String(response.headers.location);
        const page = await t.app.inject({ method: 'GET', url: thanks });
        expect(page.statusCode).toBe(200);
        const link = html(page).querySelector('a.button')?.getAttribute('href');
        expect(link).toBe(`${thanks}/book`);
        // The link goes through us, so the owner knows it was opened.
        const book = await t.app.inject({ method: 'GET', url: link as string });
        expect(book.statusCode).toBe(302);
        expect(book.headers.location).toBe('https://cal.example/discovery');
        const [row] = await rows();
        expect(row?.bookingOpenedAt?.getTime()).toBe(t.clock.ms);
      } finally {
        await t.database.db.delete(applications);
        await t.database.db.delete(screeningSettings).where(eq(screeningSettings.version, 2));
      }
    });

    it('never tells a declined prospect they were declined, nor shows the booking link', async () => {
      await t.database.db
        .insert(screeningSettings)
        .values({ version: 2, settings: { ...DEFAULT_SETTINGS, bookingUrl: 'https://cal.example/discovery' } });
      try {
        const { response } = await apply({ ...goodAnswers(), monthly_budget: '200' });
        const page = await t.app.inject({ method: 'GET', url: String(response.headers.location) });
        expect(page.statusCode).toBe(200);
        expect(page.body).not.toContain('cal.example');
        expect(page.body.toLowerCase()).not.toMatch(/declin|reject|score/);
        expect(html(page).querySelector('h1')?.text).toBe('Thank you, your application has been sent');
      } finally {
        await t.database.db.delete(applications);
        await t.database.db.delete(screeningSettings).where(eq(screeningSettings.version, 2));
      }
    });

    it('is in the language the prospect applied in', async () => {
      const { response } = await apply(goodAnswers(), '/apply?lang=fr');
      const page = await t.app.inject({ method: 'GET', url: String(response.headers.location) });
      expect(html(page).querySelector('h1')?.text).toBe('Merci, votre demande a bien été envoyée');
    });

    it('answers 404 for an unknown or malformed id', async () => {
      const unknown = await t.app.inject({ method: 'GET', url: '/apply/thanks/3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f' });
      expect(unknown.statusCode).toBe(404);
      const malformed = await t.app.inject({ method: 'GET', url: "/apply/thanks/1'%20or%201=1" });
      expect(malformed.statusCode).toBe(404);
      expect(html(malformed).querySelector('h1')?.text).toBe('Page not found');
    });
  });

  describe('an invalid application', () => {
    it('answers 422 with the error summary, the messages by the fields and every answer kept', async () => {
      const answers: Record<string, string> = { ...goodAnswers(), email: 'not-an-email', monthly_budget: 'lots', role: '' };
      const { response } = await apply(answers);
      expect(response.statusCode).toBe(422);
      const page = html(response);
      expect(page.querySelector('title')?.text).toMatch(/^Error: /);
      expect(page.querySelector('.error-summary h2')?.text).toBe('There is a problem');
      const links = page.querySelectorAll('.error-summary a').map((a) => [a.getAttribute('href'), a.text]);
      expect(links).toEqual([
        ['#email', 'Enter an email address in the correct format, like name@example.com'],
        ['#role', 'Select your role'],
        ['#monthly_budget', 'Enter your monthly budget as a whole number, like 3000'],
      ]);
      expect(page.querySelector('#email-error')?.text).toContain('Error: Enter an email address in the correct format');
      expect(page.querySelector('#email')?.getAttribute('aria-describedby')).toBe('email-hint email-error');
      expect(page.querySelector('#email')?.getAttribute('value')).toBe('not-an-email');
      expect(page.querySelector('#monthly_budget')?.getAttribute('value')).toBe('lots');
      expect(page.querySelector('#ideal_customer')?.text).toBe(answers.ideal_customer);
      expect(page.querySelector('input[name=decision_maker][value=yes]')?.hasAttribute('checked')).toBe(true);
      expect(await rows()).toHaveLength(0);
    });

    it('keeps the form in French with French messages', async () => {
      const { response } = await apply({ ...goodAnswers(), name: '' }, '/apply?lang=fr');
      expect(response.statusCode).toBe(422);
      const page = html(response);
      expect(page.querySelector('title')?.text).toMatch(/^Erreur : /);
      expect(page.querySelector('.error-summary a')?.text).toBe('Saisissez votre nom');
    });

    it('refuses a field sent twice', async () => {
      const { response } = await apply({ ...goodAnswers(), name: ['Alice', 'Bob'] });
      expect(response.statusCode).toBe(422);
      expect(html(response).querySelector('.error-summary a[href="#name"]')).not.toBeNull();
      expect(await rows()).toHaveLength(0);
    });

    it.each([
      ['a NUL byte', { goals: 'Grow our bookings a lot\u0000 by next summer please' }, '#goals'],
      ['a 10 KB answer', { anything_else: 'x'.repeat(10_240) }, '#anything_else'],
      ['a header injection in the email', { email: 'a@example.com\r\nBcc: victim@example.com' }, '#email'],
    ])('refuses %s with 422 and stores nothing', async (_label, override, anchor) => {
      const { response } = await apply({ ...goodAnswers(), ...override });
      expect(response.statusCode).toBe(422);
      expect(html(response).querySelector(`.error-summary a[href="${anchor}"]`)).not.toBeNull();
      expect(await rows()).toHaveLength(0);
    });

    it('escapes hostile text when it shows it again', async () => {
      const { response } = await apply({ ...goodAnswers(), name: '"><script>alert(1)</script>', email: '' });
      expect(response.statusCode).toBe(422);
      expect(response.body).not.toContain('<script>alert(1)</script>');
      expect(html(response).querySelector('#name')?.getAttribute('value')).toBe('"><script>alert(1)</script>');
    });
  });

  describe('hostile text that is a valid answer', () => {
    it('is stored verbatim', async () => {
      const name = `Robert'); DROP TABLE applications;-- <script>alert(1)</script>`;
      const { response } = await apply({ ...goodAnswers(), name });
      expect(response.statusCode).toBe(303);
      const [row] = await rows();
      expect(row?.name).toBe(name);
      expect(row?.answers.name).toBe(name);
    });
  });

  describe('spam', () => {
    it('stores a filled honeypot as spam and shows the normal thank-you page', async () => {
      const { response } = await apply({ ...goodAnswers(), fax: '+33 1 23 45 67 89' });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toMatch(THANKS);
      const [row] = await rows();
      expect(row?.outcome).toBe('spam');
      expect(row?.breakdown.spamReasons).toEqual(['honeypot']);
      // Spam keeps its screening: only the outcome differs.
      expect(row?.score).toBeGreaterThanOrEqual(70);
    });

    it('stores a submission faster than the time trap as spam', async () => {
      const form = await openForm(t.app);
      t.clock.advance(2);
      const response = await submitForm(t.app, form, goodAnswers());
      expect(response.statusCode).toBe(303);
      const [row] = await rows();
      expect(row?.outcome).toBe('spam');
      expect(row?.breakdown.spamReasons).toEqual(['too_fast']);
    });

    it('treats a forged started_at as too fast', async () => {
      const form = await openForm(t.app);
      t.clock.advance(60);
      const response = await submitForm(t.app, form, { ...goodAnswers(), started_at: `${Date.parse('2020-01-01')}.forged` });
      expect(response.statusCode).toBe(303);
      const [row] = await rows();
      expect(row?.outcome).toBe('spam');
    });
  });

  describe('anti-forgery', () => {
    it('refuses a post without _csrf with 403, stores nothing and keeps the answers', async () => {
      const form = await openForm(t.app);
      t.clock.advance(60);
      const { _csrf: _omitted, ...withoutToken } = form.fields;
      const response = await submitForm(t.app, { ...form, fields: withoutToken }, goodAnswers());
      expect(response.statusCode).toBe(403);
      expect(html(response).querySelector('#name')?.getAttribute('value')).toBe('Camille Durand');
      expect(html(response).querySelector('.notification')?.text).toContain('Your form had expired');
      expect(await rows()).toHaveLength(0);
    });

    it('refuses a forged or tampered _csrf with 403, keeping the answers', async () => {
      const form = await openForm(t.app);
      t.clock.advance(60);
      const [second, mac] = form.fields._csrf!.split('.') as [string, string];
      for (const forged of ['forged', `${Number(second) + 1}.${mac}`, `${second}.${mac.slice(0, -1)}A`]) {
        const response = await submitForm(t.app, form, { ...goodAnswers(), _csrf: forged });
        expect(response.statusCode, forged).toBe(403);
        expect(html(response).querySelector('#email')?.getAttribute('value')).toBe('camille@example.com');
      }
      expect(await rows()).toHaveLength(0);
    });

    it('refuses a form left open longer than a day, then takes it with the fresh token it gives back', async () => {
      const form = await openForm(t.app);
      t.clock.advance(24 * 3600 + 5);
      const refused = await submitForm(t.app, form, goodAnswers());
      expect(refused.statusCode).toBe(403);
      expect(await rows()).toHaveLength(0);
      const again = formFrom(refused);
      expect(again.fields._csrf).not.toBe(form.fields._csrf);
      expect(again.fields.submission_key).toBe(form.fields.submission_key);
      const response = await submitForm(t.app, again, goodAnswers());
      expect(response.statusCode).toBe(303);
      expect(await rows()).toHaveLength(1);
    });

    it('refuses a post another site makes a browser send, whatever its token', async () => {
      const form = await openForm(t.app);
      t.clock.advance(60);
      const refusedHeaders: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
        { 'sec-fetch-site': 'same-site', origin: 'https://evil.desk.example' },
        { origin: 'https://evil.example' },
        { origin: 'null' },
      ];
      for (const headers of refusedHeaders) {
        const response = await submitForm(t.app, form, goodAnswers(), '/apply', headers);
        expect(response.statusCode, JSON.stringify(headers)).toBe(403);
        expect(html(response).querySelector('#name')?.getAttribute('value')).toBe('Camille Durand');
      }
      expect(await rows()).toHaveLength(0);
    });

    it('takes a post from its own pages, as browsers and scripts send it', async () => {
      const own = new URL(testConfig().publicUrl).origin;
      const host = new URL(testConfig().publicUrl).host;
      const acceptedHeaders: Record<string, string>[] = [
        { 'sec-fetch-site': 'same-origin', origin: own },
        { 'sec-fetch-site': 'none' },
        { origin: own },
        { origin: `http://${host}`, host },
        {},
      ];
      for (const headers of acceptedHeaders) {
        const form = await openForm(t.app);
        t.clock.advance(60);
        const response = await submitForm(t.app, form, goodAnswers(), '/apply', headers);
        expect(response.statusCode, JSON.stringify(headers)).toBe(303);
      }
      expect(await rows()).toHaveLength(5);
    });
  });

  describe('requests that are not the form', () => {
    it('answers 415 to JSON and multipart bodies', async () => {
      const json = await t.app.inject({ method: 'POST', url: '/apply', payload: { name: 'x' } });
      expect(json.statusCode).toBe(415);
      const multipart = await t.app.inject({
        method: 'POST',
        url: '/apply',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--\r\n',
      });
      expect(multipart.statusCode).toBe(415);
      expect(await rows()).toHaveLength(0);
    });

    it('answers 413 with a page to a body over the limit', async () => {
      const form = await openForm(t.app);
      const response = await t.app.inject({
        method: 'POST',
        url: '/apply',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        cookies: form.cookies,
        payload: encodeForm({ ...form.fields, ...goodAnswers(), goals: 'y'.repeat(300_000) }),
      });
      expect(response.statusCode).toBe(413);
      expect(html(response).querySelector('h1')?.text).toBe('What you sent is too large');
    });

    it('shows a friendly 404 page', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/nowhere' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(html(response).querySelector('h1')?.text).toBe('Page not found');
    });
  });

  it('answers /healthz with 200 while the database answers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: kind });
  });
});

describe('in production', () => {
  it('serves the empty form from a rendered copy with fresh hidden values, and takes the application', async () => {
    const t = await buildTestApp('pglite', { env: 'production' });
    try {
      const first = await openForm(t.app, '/apply?lang=fr');
      const second = await openForm(t.app, '/apply?lang=fr');
      for (const form of [first, second]) {
        expect(form.fields._csrf).toMatch(/^\d+\.[\w-]{43}$/);
        expect(form.fields.started_at).toMatch(/^\d+\.[\w-]{43}$/);
        expect(form.fields.submission_key).toMatch(/^[0-9a-f-]{36}$/);
        expect(form.page.querySelector('h1')?.text).toBe('Travailler avec nous');
      }
      expect(second.fields.submission_key).not.toBe(first.fields.submission_key);
      expect(first.page.toString()).not.toContain('%%');
      t.clock.advance(60);
      const response = await submitForm(t.app, first, goodAnswers(), '/apply?lang=fr');
      expect(response.statusCode).toBe(303);
    } finally {
      await t.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 past APPLY_RATE_LIMIT applications per address, answers kept', async () => {
    const t = await buildTestApp('pglite', { applyRateLimit: 2 });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 3; i++) {
        const form = await openForm(t.app);
        t.clock.advance(60);
        last = await submitForm(t.app, form, goodAnswers());
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([303, 303, 429]);
      expect(last?.headers['retry-after']).toBeDefined();
      expect(html(last!).querySelector('#company')?.getAttribute('value')).toBe('Cabinet Dentaire Durand');
      expect(await t.database.db.select().from(applications)).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
