import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications, outbox, screeningSettings } from '../../src/db/schema.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { buildTestApp, goodAnswers, openForm, submitForm, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/database.js';
import { OWNER_EMAIL, createOwner, post, signIn, visit, type Browser } from '../helpers/owners.js';

/**
 * With SETTINGS_CACHE_MS on (as in production), the form reuses the settings
 * and owner addresses it read; a save on the settings page still takes effect
 * on the very next submission, a change made elsewhere once the time is up.
 */
describe.each(databaseKinds())('the settings cache on %s', (kind) => {
  let t: TestApp;
  let owner: Browser;

  beforeAll(async () => {
    t = await buildTestApp(kind, { settingsCacheMs: 60_000 });
    await createOwner(t.database.db);
    owner = await signIn(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  async function applyNow(answers: Record<string, string> = {}) {
    const form = await openForm(t.app);
    t.clock.advance(10);
    const response = await submitForm(t.app, form, { ...goodAnswers(), ...answers });
    expect(response.statusCode).toBe(303);
    const id = String(response.headers.location).split('/').pop() as string;
    const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id));
    return row!;
  }

  const ownerEmailTo = async (applicationId: string) =>
    (await t.database.db.select().from(outbox).where(and(eq(outbox.applicationId, applicationId), eq(outbox.purpose, 'owner_qualified'))))[0]
      ?.recipient;

  it('screens the next submission under a version saved on the settings page, at once', async () => {
    const before = await applyNow();
    expect(before.outcome).toBe('qualified');
    const latest = before.settingsVersion;
    await visit(t.app, owner, '/admin/settings');
    const saved = await post(t.app, owner, '/admin/settings', { min_monthly_budget: '9000', target_monthly_budget: '9500', action: 'save' });
    expect(saved.statusCode).toBe(303);
    const after = await applyNow();
    expect(after.settingsVersion).toBe(latest + 1);
    expect(after.outcome).toBe('declined');
    // Back to the defaults, through the page again.
    await visit(t.app, owner, '/admin/settings');
    await post(t.app, owner, '/admin/settings', { min_monthly_budget: '1500', target_monthly_budget: '5000', action: 'save' });
    expect((await applyNow()).outcome).toBe('qualified');
  });

  it('sees a version written elsewhere once SETTINGS_CACHE_MS has passed, and not before', async () => {
    const warm = await applyNow();
    const elsewhere = warm.settingsVersion + 1;
    await t.database.db.insert(screeningSettings).values({ version: elsewhere, settings: { ...DEFAULT_SETTINGS, minMonthlyBudget: 9000, targetMonthlyBudget: 9500 } });
    const cached = await applyNow();
    expect(cached.settingsVersion).toBe(warm.settingsVersion);
    t.clock.advance(61);
    const fresh = await applyNow();
    expect(fresh.settingsVersion).toBe(elsewhere);
    expect(fresh.outcome).toBe('declined');
    // Back to the defaults, written elsewhere too.
    await t.database.db.insert(screeningSettings).values({ version: elsewhere + 1, settings: DEFAULT_SETTINGS });
    t.clock.advance(61);
    expect((await applyNow()).settingsVersion).toBe(elsewhere + 1);
  });

  it('writes to an owner account added elsewhere once SETTINGS_CACHE_MS has passed', async () => {
    expect(await ownerEmailTo((await applyNow()).id)).toBe(OWNER_EMAIL);
    await createOwner(t.database.db, 'partner@agency.example', 'another long passphrase');
    expect(await ownerEmailTo((await applyNow()).id)).toBe(OWNER_EMAIL);
    t.clock.advance(61);
    expect((await ownerEmailTo((await applyNow()).id))?.split(', ').sort()).toEqual([OWNER_EMAIL, 'partner@agency.example'].sort());
  });
});
