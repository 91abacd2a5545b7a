import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applicationEvents, applications, screeningHistory, screeningSettings } from '../../src/db/schema.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { settingsToForm } from '../../src/domain/settings-form.js';
import { buildTestApp, goodAnswers, html, openForm, submitForm, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/database.js';
import { createOwner, post, seedApplication, signIn, visit, type Browser } from '../helpers/owners.js';

describe.each(databaseKinds())('screening settings on %s', (kind) => {
  let t: TestApp;
  let owner: Browser;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    await createOwner(t.database.db);
    owner = await signIn(t.app);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    const { db } = t.database;
    await db.delete(applicationEvents);
    await db.delete(screeningHistory);
    await db.delete(applications);
    await db.delete(screeningSettings).where(eq(screeningSettings.version, 1)).catch(() => {});
    await db.delete(screeningSettings);
    await db.insert(screeningSettings).values({ version: 1, settings: DEFAULT_SETTINGS, comment: 'Defaults' });
  });

  const versions = () => t.database.db.select().from(screeningSettings).orderBy(desc(screeningSettings.version));

  /** Saves a change through the settings page, as the owner would. */
  async function save(fields: Readonly<Record<string, string | readonly string[]>>) {
    await visit(t.app, owner, '/admin/settings');
    return post(t.app, owner, '/admin/settings', { ...fields, action: 'save' });
  }

  /** A prospect applies through the public form; returns the stored row. */
  async function applyNow(overrides: Record<string, string> = {}) {
    const form = await openForm(t.app);
    t.clock.advance(60);
    const response = await submitForm(t.app, form, { ...goodAnswers(), ...overrides });
    expect(response.statusCode).toBe(303);
    const id = String(response.headers.location).split('/').pop() as string;
    const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id));
    return { row: row!, thanks: String(response.headers.location) };
  }

  it('shows the version in force with the contract’s field names', async () => {
    const page = html(await visit(t.app, owner, '/admin/settings'));
    for (const [name, value] of Object.entries({
      min_monthly_budget: '1500',
      target_monthly_budget: '5000',
      target_ltv: '10000',
      qualify_threshold: '70',
      decline_threshold: '40',
      max_major_flags: '2',
    })) {
      expect(page.querySelector(`input[name=${name}]`)?.getAttribute('value'), name).toBe(value);
      expect(page.querySelector(`label[for=${name}]`), name).not.toBeNull();
    }
    expect(page.text).toContain('Version 1 is in force');
  });

  describe('each setting takes effect on the next submission', () => {
    it.each([
      ['min_monthly_budget', { min_monthly_budget: '6000', target_monthly_budget: '8000' }, {}, (r: Row) => {
        expect(r.outcome).toBe('declined');
        expect(r.breakdown.declineReasons).toContain('budget_below_minimum');
      }],
      ['target_monthly_budget', { target_monthly_budget: '8500' }, {}, (r: Row) => expect(r.breakdown.budgetScore).toBe(50)],
      ['target_ltv', { target_ltv: '24000' }, {}, (r: Row) => expect(r.breakdown.fit.economics.points).toBe(12.5)],
      ['qualify_threshold', { qualify_threshold: '100', decline_threshold: '40' }, {}, (r: Row) => expect(r.outcome).toBe('review')],
      ['decline_threshold', { qualify_threshold: '100', decline_threshold: '99' }, {}, (r: Row) => {
        expect(r.outcome).toBe('declined');
        expect(r.breakdown.declineReasons).toEqual(['score_below_decline_threshold']);
      }],
      ['max_major_flags', { max_major_flags: '1' }, { update_frequency: 'daily' }, (r: Row) => {
        expect(r.outcome).toBe('declined');
        expect(r.breakdown.declineReasons).toContain('too_many_major_flags');
      }],
      ['the weights', { budget_weight: '100', fit_weight: '0' }, { monthly_budget: '3250' }, (r: Row) => expect(r.score).toBe(50)],
      ['penalty_major', { penalty_major: '30' }, { update_frequency: 'daily' }, (r: Row) => {
        expect(r.breakdown.flags[0]?.points).toBe(30);
        expect(r.breakdown.penalty).toBe(30);
      }],
      ['penalty_minor and minor_cap', { penalty_minor: '8', minor_cap: '10' }, { goals: 'Cheap and urgent: 40 bookings a month by June 2027, our last agency was useless.' }, (r: Row) => {
        expect(r.breakdown.flags.map((f) => f.points)).toEqual([8, 2, 0]);
        expect(r.breakdown.penalty).toBe(10);
      }],
      ['a rule switched off', { rule_daily_rankings_enabled: '0' }, { update_frequency: 'daily' }, (r: Row) => expect(r.redFlags).toEqual([])],
      ['a rule’s severity', { rule_daily_rankings_severity: 'hard' }, { update_frequency: 'daily' }, (r: Row) => {
        expect(r.outcome).toBe('declined');
        expect(r.breakdown.declineReasons).toContain('hard_flag');
      }],
      ['a rule’s own penalty', { rule_daily_rankings_penalty: '3' }, { update_frequency: 'daily' }, (r: Row) => expect(r.breakdown.penalty).toBe(3)],
      ['a new phrase', { phrases_lowest_price_en: 'cheapest\nlowest price\ncheap\nbargain' }, { goals: 'Looking for a bargain: 40 new patients a month by June 2027.' }, (r: Row) => {
        expect(r.redFlags).toEqual(['lowest_price']);
      }],
    ] as const)('%s', async (_label, fields, answers, check) => {
      const saved = await save(fields);
      expect(saved.statusCode).toBe(303);
      const { row } = await applyNow(answers);
      expect(row.settingsVersion).toBe(2);
      check(row);
    });

    it('the booking link and the currency', async () => {
      await save({ booking_url: 'https://cal.example/discovery', currency: 'CHF' });
      const form = await openForm(t.app);
      expect(form.page.querySelector('#monthly_budget-hint')?.text).toContain('CHF');
      const { thanks } = await applyNow();
      const page = await t.app.inject({ method: 'GET', url: thanks });
      expect(html(page).querySelector(`a[href="${thanks}/book"]`)).not.toBeNull();
      const book = await t.app.inject({ method: 'GET', url: `${thanks}/book` });
      expect(book.headers.location).toBe('https://cal.example/discovery');
    });

    it('the notification addresses', async () => {
      await save({ notify_emails: 'Boss@Agency.example\nsales@agency.example' });
      const [latest] = await versions();
      expect(latest?.settings.notifyEmails).toEqual(['boss@agency.example', 'sales@agency.example']);
    });
  });

  it('accepts a post of the six contract fields alone and keeps everything else', async () => {
    await save({ rule_urgency_enabled: '0' });
    const response = await save({
      min_monthly_budget: '2000',
      target_monthly_budget: '6000',
      target_ltv: '20000',
      qualify_threshold: '75',
      decline_threshold: '45',
      max_major_flags: '3',
    });
    expect(response.statusCode).toBe(303);
    const [latest] = await versions();
    expect(latest?.version).toBe(3);
    expect(latest?.settings).toMatchObject({ minMonthlyBudget: 2000, qualifyThreshold: 75, maxMajorFlags: 3 });
    expect(latest?.settings.rules.urgency.enabled).toBe(false);
    expect(latest?.settings.phrases).toEqual(DEFAULT_SETTINGS.phrases);
  });

  describe('nonsense is refused with 422 and the version in force stays', () => {
    it.each([
      ['decline at or above qualify', { qualify_threshold: '50', decline_threshold: '50' }, 'decline_threshold', 'The decline score must be lower than the qualify score'],
      ['minimum above target', { min_monthly_budget: '9000', target_monthly_budget: '5000' }, 'min_monthly_budget', 'The minimum monthly budget must not be above the target'],
      ['weights that do not add up', { budget_weight: '50', fit_weight: '60' }, 'budget_weight', 'The budget and fit weights must add up to 100'],
      ['a negative number', { target_ltv: '-5' }, 'target_ltv', 'Target customer lifetime value must be a whole number, like 1500'],
      ['a score above 100', { qualify_threshold: '150' }, 'qualify_threshold', 'Qualify at this score or above must be 100 or less'],
      ['an empty number', { max_major_flags: '' }, 'max_major_flags', 'Enter Decline at this many major red flags'],
      ['an empty phrase line', { phrases_urgency_en: 'asap\n\nurgent' }, 'phrases_urgency_en', 'Remove the empty lines from “English phrases: Everything is urgent”'],
      ['an invalid booking link', { booking_url: 'javascript:alert(1)' }, 'booking_url', 'Enter the booking link as a full web address, like https://cal.com/you'],
      ['an invalid email', { notify_emails: 'boss@agency.example\nnot-an-email' }, 'notify_emails', 'Enter the notification addresses as email addresses, one per line'],
      ['an unknown severity', { rule_urgency_severity: 'apocalyptic' }, 'rule_urgency_severity', 'Select a severity for “Everything is urgent – Severity”'],
      ['a field sent twice', { qualify_threshold: ['70', '80'] }, 'qualify_threshold', 'Give “Qualify at this score or above” only once'],
    ] as const)('%s', async (_label, fields, field, message) => {
      const response = await save(fields);
      expect(response.statusCode).toBe(422);
      const page = html(response);
      expect(page.querySelector('title')?.text).toMatch(/^Error: /);
      const link = page.querySelector(`.error-summary a[href="#${field}"]`);
      expect(link?.text).toBe(message);
      expect(page.querySelector(`#${field}-error`)?.text).toContain(message);
      // The owner's draft is kept.
      const first = Array.isArray(fields[field as keyof typeof fields]) ? undefined : String(fields[field as keyof typeof fields]);
      const control = page.querySelector(`#${field}`);
      if (first !== undefined && control?.tagName === 'INPUT') expect(control.getAttribute('value')).toBe(first);
      expect((await versions()).map((v) => v.version)).toEqual([1]);
      const { row } = await applyNow();
      expect(row.settingsVersion).toBe(1);
    });
  });

  describe('versions', () => {
    it('lists each version with who, when, the comment and what changed, and restores an old one as a new version', async () => {
      await save({ min_monthly_budget: '2500', comment: 'Raise the floor' });
      t.clock.advance(60);
      await save({ qualify_threshold: '80', phrases_urgency_fr: 'au plus vite\ntout de suite\nen urgence' });
      const history = html(await visit(t.app, owner, '/admin/settings/history'));
      const sections = history.querySelectorAll('section.panel-section');
      expect(sections.map((s) => s.querySelector('h2')?.text.replace(/\s+/g, ' ').trim())).toEqual([
        'Version 3 In force',
        'Version 2',
        'Version 1',
      ]);
      expect(sections[1]?.text).toContain('by owner@agency.example');
      expect(sections[1]?.text).toContain('Comment: Raise the floor');
      const changes = (i: number) =>
        sections[i]?.querySelectorAll('tbody tr').map((tr) => tr.querySelectorAll('th, td').map((c) => c.text.trim()));
      expect(changes(1)).toEqual([['Minimum monthly budget', '1500', '2500']]);
      expect(changes(0)).toEqual([
        ['Qualify at this score or above', '70', '80'],
        ['French phrases: Everything is urgent', 'tout de suite\nau plus vite', 'au plus vite\ntout de suite\nen urgence'],
      ]);

      const restored = await post(t.app, owner, '/admin/settings/versions/1/restore', {});
      expect(restored.statusCode).toBe(303);
      const [latest] = await versions();
      expect(latest?.version).toBe(4);
      expect(latest?.settings).toEqual(DEFAULT_SETTINGS);
      expect(latest?.comment).toBe('Restored version 1');
      const { row } = await applyNow();
      expect(row.settingsVersion).toBe(4);
      expect((await versions()).find((v) => v.version === 2)?.settings.minMonthlyBudget).toBe(2500);
    });

    it('answers 404 when restoring a version that does not exist', async () => {
      await visit(t.app, owner, '/admin/settings/history');
      expect((await post(t.app, owner, '/admin/settings/versions/99/restore', {})).statusCode).toBe(404);
      expect((await post(t.app, owner, '/admin/settings/versions/abc/restore', {})).statusCode).toBe(404);
    });
  });

  describe('the what-if preview and the re-screen', () => {
    async function seedMix() {
      const seeded = [];
      for (let i = 0; i < 7; i++) seeded.push(await seedApplication(t.database.db, { name: `Mid ${i}`, monthly_budget: '5000' }));
      for (let i = 0; i < 3; i++) seeded.push(await seedApplication(t.database.db, { name: `Rich ${i}`, monthly_budget: '9000' }));
      seeded.push(await seedApplication(t.database.db, { name: 'Small', monthly_budget: '1000' }));
      return seeded;
    }

    it('shows how many would move between outcomes, saves nothing, and matches the re-screen that follows', async () => {
      await seedMix();
      await visit(t.app, owner, '/admin/settings');
      const draft = { min_monthly_budget: '6000', target_monthly_budget: '8000' };
      const preview = await post(t.app, owner, '/admin/settings', { ...draft, action: 'preview', preview_scope: 'all' });
      expect(preview.statusCode).toBe(200);
      const page = html(preview);
      expect(page.querySelector('#preview .lead')?.text).toBe('7 of 11 applicants would change outcome.');
      const rows = page.querySelectorAll('#preview tbody tr').map((tr) => tr.querySelectorAll('td').map((c) => c.text.trim()));
      expect(rows).toEqual([
        ['Qualified', '→ Declined', '7'],
        ['Qualified', 'Qualified', '3'],
        ['Declined', 'Declined', '1'],
      ]);
      expect(page.querySelectorAll('#preview .changed a')).toHaveLength(7);
      expect(page.querySelector('#min_monthly_budget')?.getAttribute('value')).toBe('6000');
      expect((await versions()).map((v) => v.version)).toEqual([1]);

      const saved = await post(t.app, owner, '/admin/settings', { ...draft, action: 'save' });
      expect(saved.statusCode).toBe(303);
      const settingsPage = html(await visit(t.app, owner, '/admin/settings'));
      expect(settingsPage.querySelector('.notification[role=status]')?.text).toContain('Version 2 saved');
      expect(settingsPage.text).toContain('11 undecided applicants were screened under an older version');
      const rescreen = await post(t.app, owner, '/admin/settings/rescreen', {});
      expect(rescreen.statusCode).toBe(303);
      const after = await t.database.db.select().from(applications);
      const counts = after.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.outcome]: (acc[r.outcome] ?? 0) + 1 }), {});
      expect(counts).toEqual({ declined: 8, qualified: 3 });
      expect(after.every((r) => r.settingsVersion === 2)).toBe(true);
      expect(html(await visit(t.app, owner, '/admin/settings')).text).toContain('11 applicants re-screened under version 2.');
    });

    it('previews the last 1,000 by default', async () => {
      await seedMix();
      await visit(t.app, owner, '/admin/settings');
      const preview = await post(t.app, owner, '/admin/settings', { qualify_threshold: '99', action: 'preview' });
      expect(html(preview).querySelector('#preview .lead')?.text).toBe('10 of 11 applicants would change outcome.');
    });

    it('re-screens only undecided applicants and keeps each one’s earlier screening', async () => {
      const [decided, undecided] = await seedMix();
      await visit(t.app, owner, `/admin/applicants/${decided!.id}`);
      await post(t.app, owner, `/admin/applicants/${decided!.id}/decision`, { decision: 'invited' });
      await save({ min_monthly_budget: '6000', target_monthly_budget: '8000' });
      await visit(t.app, owner, '/admin/settings');
      await post(t.app, owner, '/admin/settings/rescreen', {});

      const [kept] = await t.database.db.select().from(applications).where(eq(applications.id, decided!.id));
      expect(kept).toMatchObject({ settingsVersion: 1, outcome: 'qualified', decision: 'invited' });
      const [moved] = await t.database.db.select().from(applications).where(eq(applications.id, undecided!.id));
      expect(moved).toMatchObject({ settingsVersion: 2, outcome: 'declined' });
      const history = await t.database.db.select().from(screeningHistory).where(eq(screeningHistory.applicationId, undecided!.id));
      expect(history).toEqual([expect.objectContaining({ settingsVersion: 1, outcome: 'qualified' })]);
      expect(await t.database.db.select().from(screeningHistory).where(eq(screeningHistory.applicationId, decided!.id))).toEqual([]);

      const detail = html(await visit(t.app, owner, `/admin/applicants/${undecided!.id}`));
      expect(detail.querySelector('.history')?.text).toContain('Version 1: Qualified');
      expect(detail.text).toContain('Screened under settings version 2.');
    });
  });

  describe('protection', () => {
    it('needs a signed-in owner', async () => {
      const get = await t.app.inject({ method: 'GET', url: '/admin/settings' });
      expect(get.statusCode).toBe(303);
      expect(get.headers.location).toBe('/admin/login?next=%2Fadmin%2Fsettings');
      const postWithout = await t.app.inject({
        method: 'POST',
        url: '/admin/settings',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'min_monthly_budget=1',
      });
      expect(postWithout.statusCode).toBe(303);
      expect((await versions()).map((v) => v.version)).toEqual([1]);
    });

    it('refuses a save, a restore or a re-screen without a valid CSRF token', async () => {
      await visit(t.app, owner, '/admin/settings');
      for (const url of ['/admin/settings', '/admin/settings/versions/1/restore', '/admin/settings/rescreen']) {
        const response = await post(t.app, owner, url, { _csrf: 'forged', min_monthly_budget: '100', action: 'save' });
        expect(response.statusCode, url).toBe(403);
      }
      expect((await versions()).map((v) => v.version)).toEqual([1]);
    });
  });

  it('renders the form values of a version exactly as settingsToForm says', async () => {
    const page = html(await visit(t.app, owner, '/admin/settings'));
    const form = settingsToForm(DEFAULT_SETTINGS);
    expect(page.querySelector('#phrases_guaranteed_rankings_fr')?.text).toBe(form.phrases_guaranteed_rankings_fr);
    expect(page.querySelector('#rule_pays_after_results_severity option[selected]')?.getAttribute('value')).toBe('hard');
    expect(page.querySelector('#rule_urgency_enabled')?.hasAttribute('checked')).toBe(true);
  });
});

type Row = typeof applications.$inferSelect;
