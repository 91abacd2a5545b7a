import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applications, screeningSettings } from '../../src/db/schema.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { goodAnswers } from '../helpers/app.js';
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

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TEXT_FIELDS = ['name', 'email', 'company', 'website', 'seo_history', 'ideal_customer', 'customer_ltv', 'monthly_budget', 'goals', 'anything_else'];
const CHOICES: Record<string, string[]> = {
  role: ['owner', 'executive', 'marketing_manager', 'employee', 'other'],
  decision_maker: ['yes', 'shared', 'no'],
  used_seo_before: ['yes', 'no'],
  previous_agencies: ['0', '1', '2', '3_plus'],
  start_timeline: ['now', 'within_3_months', 'later', 'researching'],
  results_horizon: ['weeks', 'three_months', 'six_months', 'twelve_months_plus'],
  update_frequency: ['daily', 'weekly', 'monthly', 'quarterly'],
  contact_preference: ['email', 'scheduled_calls', 'anytime'],
  payment_terms: ['upfront', 'on_invoice', 'net_60_plus', 'after_results'],
  scope_changes: ['change_request', 'included'],
  recommendations: ['follow', 'discuss', 'i_decide'],
};
const FORM_ORDER = [
  'name', 'email', 'company', 'website', 'role', 'decision_maker', 'used_seo_before', 'previous_agencies', 'seo_history',
  'ideal_customer', 'customer_ltv', 'monthly_budget', 'goals', 'start_timeline', 'results_horizon', 'update_frequency',
  'contact_preference', 'payment_terms', 'scope_changes', 'recommendations', 'anything_else',
];

const activeName = (page: Page) => page.evaluate('document.activeElement && (document.activeElement.name || document.activeElement.id || document.activeElement.tagName)') as Promise<string>;

/** Presses Tab until the field `name` has focus, failing if it is not reachable in order. */
async function tabTo(page: Page, name: string, maxPresses = 8) {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if ((await activeName(page)) === name) return;
  }
  throw new Error(`Tab never reached ${name} (at ${await activeName(page)})`);
}

/** Fills the form with the keyboard alone, skipping the fields in `leaveOut`. */
async function fillWithKeyboard(page: Page, answers: Record<string, string>, leaveOut: string[] = []) {
  for (const name of FORM_ORDER) {
    if (leaveOut.includes(name)) continue;
    const value = answers[name] ?? '';
    if (CHOICES[name]) {
      await tabTo(page, name);
      const index = CHOICES[name]!.indexOf(value);
      if (index === 0) await page.keyboard.press('Space');
      for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    } else if (TEXT_FIELDS.includes(name)) {
      if (value === '') continue;
      await tabTo(page, name);
      await page.keyboard.type(value);
    }
  }
}

describe.skipIf(!browserAvailable)('a prospect in a real browser', () => {
  // Skipped only when Chromium is missing (support.ts says so); CI installs it and sets REQUIRE_BROWSER=1.
  let site: RunningSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startSite();
    await site.database.db.insert(screeningSettings).values({ version: 2, settings: { ...DEFAULT_SETTINGS, bookingUrl: `http://127.0.0.1:1/never` } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  describe.each([
    { lang: 'en', title: 'Apply to work with us', problem: 'There is a problem', prefix: 'Error:', thanks: 'Thank you, your application has been sent', emailError: 'Enter an email address in the correct format, like name@example.com' },
    { lang: 'fr', title: 'Travailler avec nous', problem: 'Il y a un problème', prefix: 'Erreur :', thanks: 'Merci, votre demande a bien été envoyée', emailError: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr' },
  ])('in $lang', ({ lang, title, problem, prefix, thanks, emailError }) => {
    it('fills in the application with the keyboard only, follows the error links, fixes the mistakes and sends it', async () => {
      const context = await newContext(browser, { viewport: DESKTOP });
      const page = await context.newPage();
      const errors: string[] = [];
      // The 422 of the refused form is logged by Chromium as a failed load; anything else is a real error.
      page.on('console', (m) => m.type() === 'error' && !/status of 422/.test(m.text()) && errors.push(m.text()));
      await page.goto(`${site.url}/apply?lang=${lang}`);
      expect(await page.locator('h1').textContent()).toBe(title);

      const answers: Record<string, string> = { ...goodAnswers(), name: `Keyboard ${lang}`, email: 'camille@' };
      await fillWithKeyboard(page, answers, ['company', 'goals']);
      await tabTo(page, 'BUTTON', 6);
      await page.keyboard.press('Enter');
      await page.locator('.error-summary').waitFor();
      await page.waitForLoadState('load');

      expect(await page.title()).toMatch(new RegExp(`^${prefix}`));
      expect(await page.locator('.error-summary h2').textContent()).toBe(problem);
      // The summary takes focus; its first link leads to the email field.
      expect(await page.evaluate('document.activeElement.classList.contains("error-summary")')).toBe(true);
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(['#email', '#company', '#goals']);
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe(emailError);
      await page.keyboard.press('Enter');
      expect(await activeName(page)).toBe('email');
      expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
      // Every answer was kept.
      expect(await page.inputValue('#name')).toBe(`Keyboard ${lang}`);
      expect(await page.inputValue('#ideal_customer')).toBe(answers.ideal_customer);
      expect(await page.isChecked('input[name=recommendations][value=discuss]')).toBe(true);
      await screenshot(page, `form-errors-${lang}-desktop`);

      await page.keyboard.press('End');
      await page.keyboard.type('example.com');
      await page.keyboard.press('Tab');
      expect(await activeName(page)).toBe('company');
      await page.keyboard.type('Cabinet Clavier');
      await tabTo(page, 'goals', 12);
      await page.keyboard.type(answers.goals ?? '');
      await tabTo(page, 'BUTTON', 12);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/apply\/thanks\//);
      expect(await page.locator('h1').textContent()).toBe(thanks);
      await screenshot(page, `thanks-${lang}-desktop`);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('shows no accessibility violations on the form, its error state, filled in, and the thank-you page', async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${site.url}/apply?lang=${lang}`);
      expect(describeViolations(await axe(page))).toBe('');
      await page.click('button[type=submit]');
      await page.waitForLoadState('load');
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(describeViolations(await axe(page))).toBe('');
      for (const [name, value] of Object.entries(goodAnswers())) {
        if (CHOICES[name]) await page.check(`input[name=${name}][value="${value}"]`);
        else await page.fill(`#${name}`, value);
      }
      expect(describeViolations(await axe(page))).toBe('');
      await page.click('button[type=submit]');
      await page.waitForURL(/\/apply\/thanks\//);
      expect(describeViolations(await axe(page))).toBe('');
      await page.goto(`${site.url}/nowhere?lang=${lang}`);
      expect(describeViolations(await axe(page))).toBe('');
      await context.close();
    });
  });

  it('lets a qualified prospect reach the booking link, and records it', async () => {
    const bookingTarget = `${site.url}/healthz`;
    await site.database.db.insert(screeningSettings).values({ version: 3, settings: { ...DEFAULT_SETTINGS, bookingUrl: bookingTarget } });
    const context = await newContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${site.url}/apply`);
    const answers = { ...goodAnswers(), email: 'booker@example.com' };
    for (const [name, value] of Object.entries(answers)) {
      if (CHOICES[name]) await page.check(`input[name=${name}][value="${value}"]`);
      else await page.fill(`#${name}`, value);
    }
    await page.click('button[type=submit]');
    await page.waitForURL(/\/apply\/thanks\//);
    await screenshot(page, 'thanks-qualified-phone');
    await page.getByRole('link', { name: 'Choose a time for the call' }).click();
    await page.waitForURL(bookingTarget);
    const rows = await site.database.db.select().from(applications);
    expect(rows.find((r) => r.email === 'booker@example.com')?.bookingOpenedAt).not.toBeNull();
    await context.close();
  });

  it('works with JavaScript turned off, from mistakes to the thank-you page', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${site.url}/apply`);
    await screenshot(page, 'form-en-phone');
    await page.fill('#name', 'No Script');
    await page.click('button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.locator('.error-summary a').count()).toBeGreaterThan(5);
    expect(await page.inputValue('#name')).toBe('No Script');
    await screenshot(page, 'form-errors-en-phone');
    await page.click('.error-summary a[href="#email"]');
    expect(page.url()).toMatch(/#email$/);
    for (const [name, value] of Object.entries({ ...goodAnswers(), name: 'No Script', email: 'noscript@example.com' })) {
      if (CHOICES[name]) await page.check(`input[name=${name}][value="${value}"]`);
      else await page.fill(`#${name}`, value);
    }
    await page.click('button[type=submit]');
    await page.waitForURL(/\/apply\/thanks\//);
    await screenshot(page, 'thanks-en-phone');
    const rows = await site.database.db.select().from(applications);
    expect(rows.some((r) => r.email === 'noscript@example.com')).toBe(true);
    await context.close();
  });

  it('fits a 320 px screen (and so 200 % zoom) without sideways scrolling', async () => {
    const context = await newContext(browser, { viewport: NARROW });
    const page = await context.newPage();
    for (const lang of ['en', 'fr']) {
      await page.goto(`${site.url}/apply?lang=${lang}`);
      expect(await fitsWidth(page)).toBe(true);
      await page.click('button[type=submit]');
      await page.waitForLoadState('load');
      expect(await fitsWidth(page)).toBe(true);
    }
    await context.close();
  });

  it('runs no inline script: the Content-Security-Policy would refuse it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const response = await page.goto(`${site.url}/apply`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.locator('script:not([src])').count()).toBe(0);
    const blocked = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__inline = true';
      document.body.appendChild(s);
      setTimeout(() => resolve(window.__inline !== true), 500);
    })`);
    expect(blocked).toBe(true);
    await context.close();
  });
});
