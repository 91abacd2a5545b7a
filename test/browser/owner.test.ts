import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gt } from 'drizzle-orm';
import { applications, owners, screeningSettings } from '../../src/db/schema.js';
import { enqueueEmail } from '../../src/mail/outbox.js';
import { bootstrapOwners } from '../../src/services/owners.js';
import { testConfig } from '../helpers/app.js';
import { createOwner, OWNER_EMAIL, OWNER_PASSWORD, seedApplication } from '../helpers/owners.js';
import {
  DESKTOP,
  NARROW,
  PHONE,
  axe,
  browserAvailable,
  describeViolations,
  fitsWidth,
  launchBrowser,
  newContext,
  screenshot,
  startSite,
  type RunningSite,
} from './support.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TOXIC = {
  name: 'Toxic Tom',
  company: 'Fast & Cheap Ltd',
  email: 'tom@cheap.example',
  contact_preference: 'anytime',
  payment_terms: 'after_results',
  goals: 'We need #1 on Google within weeks, it is URGENT. Our last agency was useless.',
};

async function signIn(page: Page, site: RunningSite, lang: 'en' | 'fr') {
  await page.goto(`${site.url}/admin/login?lang=${lang}`);
  await page.fill('#email', OWNER_EMAIL);
  await page.fill('#password', OWNER_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/admin\/applicants/);
}

describe.skipIf(!browserAvailable)('an owner in a real browser', () => {
  // Skipped only when Chromium is missing (support.ts says so); CI installs it and sets REQUIRE_BROWSER=1.
  let site: RunningSite;
  let browser: Browser;
  let toxicId: string;
  let goodId: string;

  beforeAll(async () => {
    site = await startSite();
    const { db } = site.database;
    await createOwner(db);
    goodId = (await seedApplication(db, { name: 'Camille Durand', company: 'Cabinet Dentaire Durand' })).id;
    toxicId = (await seedApplication(db, TOXIC)).id;
    await seedApplication(db, { name: 'Rita Review', company: 'Peut-être SARL', monthly_budget: '2500', role: 'employee', start_timeline: 'later' });
    await seedApplication(db, { name: 'Zoé Léa Müller', company: 'Société Générale d’Études', monthly_budget: '5000' }, { submittedAt: new Date(Date.now() - 3600_000) });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  describe.each([
    { lang: 'en' as const, declined: 'Declined', evidence: '“#1 on Google” in “What do you want to achieve?”', preview: /would change outcome/, saved: /Version \d+ saved/ },
    { lang: 'fr' as const, declined: 'Refusé', evidence: '« #1 on Google » dans « Que voulez-vous atteindre ? »', preview: /changeraient de résultat/, saved: /Version \d+ enregistrée/ },
  ])('in $lang', ({ lang, declined, evidence, preview, saved }) => {
    it('signs in, filters, reads why a toxic applicant was declined, previews and saves a threshold, exports CSV', async () => {
      const context = await newContext(browser, { viewport: DESKTOP });
      const page = await context.newPage();
      await signIn(page, site, lang);
      await screenshot(page, `list-${lang}-desktop`);

      await page.locator('details.filters summary').click();
      await page.selectOption('#outcome', 'declined');
      await page.locator('.filters__form button[type=submit]').click();
      await page.waitForURL(/outcome=declined/);
      const names = await page.locator('table.table tbody td:first-child a').allTextContents();
      expect(names).toEqual(['Toxic Tom']);
      expect(await page.locator('tbody .badge--declined').textContent()).toBe(declined);

      await page.getByRole('link', { name: 'Toxic Tom' }).click();
      await page.waitForURL(new RegExp(`/admin/applicants/${toxicId}`));
      expect(await page.locator('#answer-goals mark').allTextContents()).toEqual(['#1 on Google', 'URGENT', 'useless']);
      expect(await page.locator('tr.flag', { hasText: 'guaranteed_rankings' }).textContent()).toContain(evidence);
      await screenshot(page, `detail-declined-${lang}-desktop`);

      await page.goto(`${site.url}/admin/settings`);
      await page.fill('#min_monthly_budget', '6000');
      await page.fill('#target_monthly_budget', '8000');
      await page.click('button[value=preview]');
      await page.locator('#preview').waitFor();
      expect(await page.locator('#preview .lead').textContent()).toMatch(preview);
      expect(await page.inputValue('#min_monthly_budget')).toBe('6000');
      await screenshot(page, `settings-preview-${lang}-desktop`);
      await page.click('button[value=save]');
      await page.waitForURL(/\/admin\/settings$/);
      expect(await page.locator('.notification[role=status]').textContent()).toMatch(saved);

      await page.goto(`${site.url}/admin/applicants`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[href^="/admin/applicants.csv"]').click()]);
      const csv = await readFile((await download.path()) as string);
      expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const text = csv.toString('utf8');
      expect(text.split('\r\n')[0]).toMatch(/^\uFEFFid,submitted_at,name,email,company,score/);
      expect(text).toContain('Zoé Léa Müller');
      expect(text).toContain('Toxic Tom');
      // Back to the first settings for the next language.
      await site.database.db.delete(screeningSettings).where(gt(screeningSettings.version, 1));
      await context.close();
    });
  });

  it('shows no accessibility violations on any owner page, in any state, in both languages', async () => {
    const { db } = site.database;
    await enqueueEmail(db, {
      purpose: 'applicant_ack',
      applicationId: goodId,
      dedupeKey: null,
      language: 'en',
      now: new Date(),
      email: { from: 'desk@agency.example', to: ['camille@example.com'], subject: 'We have received your application', html: '<p>Hi</p>', text: 'Hi' },
    });
    const context = await newContext(browser);
    const page = await context.newPage();
    const failures: string[] = [];
    const check = async (label: string) => {
      const found = describeViolations(await axe(page));
      if (found) failures.push(`${label}:\n${found}`);
    };
    for (const lang of ['en', 'fr'] as const) {
      await page.goto(`${site.url}/admin/login?lang=${lang}`);
      await check(`login ${lang}`);
      await page.fill('#email', OWNER_EMAIL);
      await page.fill('#password', 'wrong password here');
      await page.click('button[type=submit]');
      await check(`login error ${lang}`);
      await signIn(page, site, lang);
      await check(`list ${lang}`);
      await page.goto(`${site.url}/admin/applicants?q=nobody-matches`);
      await check(`empty list ${lang}`);
      await page.goto(`${site.url}/admin/applicants/${toxicId}`);
      await check(`detail declined ${lang}`);
      await page.goto(`${site.url}/admin/applicants/${goodId}`);
      await check(`detail qualified ${lang}`);
      await page.goto(`${site.url}/admin/applicants/${toxicId}/decline`);
      await check(`decline ${lang}`);
      await page.goto(`${site.url}/admin/applicants/${toxicId}/delete`);
      await check(`delete ${lang}`);
      await page.goto(`${site.url}/admin/settings`);
      await check(`settings ${lang}`);
      await page.fill('#qualify_threshold', '10');
      await page.click('button[value=save]');
      await check(`settings errors ${lang}`);
      await page.goto(`${site.url}/admin/settings`);
      await page.click('button[value=preview]');
      await check(`settings preview ${lang}`);
      await page.goto(`${site.url}/admin/settings/history`);
      await check(`history ${lang}`);
      await page.goto(`${site.url}/admin/emails`);
      await check(`emails ${lang}`);
      await page.locator('tbody a').first().click();
      await check(`email ${lang}`);
      await page.goto(`${site.url}/admin/applicants/3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f`);
      await check(`not found ${lang}`);
      await page.context().clearCookies();
    }
    await db.delete(owners);
    const { setupUrl } = await bootstrapOwners(db, testConfig({ publicUrl: site.url }), { info() {}, warn() {}, error() {} } as never, new Date());
    await page.goto(setupUrl as string);
    await check('setup');
    await page.click('button[type=submit]');
    await check('setup errors');
    await createOwner(db);
    expect(failures.join('\n\n')).toBe('');
    await context.close();
  });

  describe('with JavaScript turned off', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await newContext(browser, { javaScriptEnabled: false, viewport: PHONE });
      page = await context.newPage();
    });
    afterAll(async () => {
      await context.close();
    });

    it('does every owner action', async () => {
      await signIn(page, site, 'en');
      await screenshot(page, 'list-en-phone');
      await page.locator('details.filters summary').click();
      await page.fill('#q', 'durand');
      await page.locator('.filters__form button[type=submit]').click();
      await page.waitForURL(/q=durand/);
      expect(await page.locator('table.table tbody td:first-child a').allTextContents()).toEqual(['Camille Durand']);

      await page.getByRole('link', { name: 'Camille Durand' }).click();
      await page.fill('#decision-note', 'Strong fit, call this week.');
      await page.click('button[value=invited]');
      await page.waitForLoadState('load');
      expect(await page.locator('.meta .badge--invited').textContent()).toBe('Invited');
      await page.fill('#note', 'Left a voicemail.');
      await page.getByRole('button', { name: 'Add the note' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('.events').textContent()).toContain('Left a voicemail.');
      await screenshot(page, 'detail-qualified-en-phone');

      await page.goto(`${site.url}/admin/applicants/${toxicId}/decline`);
      await page.getByRole('button', { name: 'Send the decline email' }).click();
      await page.waitForURL(new RegExp(`/admin/applicants/${toxicId}`));
      expect(await page.locator('.emails').textContent()).toContain('Your application');

      await page.goto(`${site.url}/admin/settings`);
      await screenshot(page, 'settings-en-phone');
      await page.fill('#decline_threshold', '35');
      await page.click('button[value=save]');
      await page.waitForURL(/\/admin\/settings$/);
      await page.goto(`${site.url}/admin/settings/history`);
      await page.locator('form[action$="/versions/1/restore"] button').click();
      await page.waitForURL(/\/admin\/settings$/);
      expect(await page.locator('.notification[role=status]').textContent()).toContain('Version 1 restored');

      await page.goto(`${site.url}/admin/emails`);
      await page.locator('tbody form button').first().click();
      await page.waitForURL(/\/admin\/emails$/);
      expect(await page.locator('.notification[role=status]').textContent()).toContain('A new copy is waiting to be sent.');

      const rita = (await site.database.db.select().from(applications)).find((a) => a.name === 'Rita Review')!;
      await page.goto(`${site.url}/admin/applicants/${rita.id}/delete`);
      await page.getByRole('button', { name: 'Yes, delete' }).click();
      await page.waitForURL(/\/admin\/applicants$/);
      expect(await page.locator('.notification[role=status]').textContent()).toContain('Rita Review was deleted.');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/admin\/login$/);
      await page.goto(`${site.url}/admin/applicants`);
      expect(page.url()).toContain('/admin/login?next=');
    });
  });

  it('fits the owner pages in 320 px without sideways scrolling (tables scroll inside their frame)', async () => {
    const context = await newContext(browser, { viewport: NARROW });
    const page = await context.newPage();
    await signIn(page, site, 'fr');
    for (const path of ['/admin/applicants', `/admin/applicants/${goodId}`, '/admin/settings', '/admin/settings/history', '/admin/emails']) {
      await page.goto(`${site.url}${path}`);
      expect(await fitsWidth(page), path).toBe(true);
    }
    await screenshot(page, 'emails-fr-narrow');
    await context.close();
  });
});
