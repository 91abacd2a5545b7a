import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { applications, screeningHistory } from '../../src/db/schema.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { saveSettingsVersion } from '../../src/repositories/screenings.js';
import { ensureDefaultSettings } from '../../src/repositories/settings.js';
import { createTestDatabase, databaseKinds } from '../helpers/database.js';
import { seedApplication } from '../helpers/owners.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

// Each case starts real processes that open the database: slow on a busy two-core machine.
vi.setConfig({ testTimeout: 180_000 });

describe.each(databaseKinds())('npm run rescreen on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('re-screens every undecided applicant in batches, with progress, keeping history', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sd-rescreen-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let env: Record<string, string> = { DATA_DIR: dataDir };
    let database: DatabaseHandle;
    if (kind === 'pglite') {
      database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
      await database.migrate();
      await ensureDefaultSettings(database.db);
    } else {
      const test = await createTestDatabase('postgres');
      cleanups.push(() => test.close());
      database = test;
      env = { ...env, DATABASE_URL: test.url as string };
    }
    for (let i = 0; i < 25; i++) await seedApplication(database.db, { name: `A${i}`, monthly_budget: i % 2 ? '5000' : '9000' });
    await saveSettingsVersion(database.db, { ...DEFAULT_SETTINGS, minMonthlyBudget: 6000, targetMonthlyBudget: 8000 }, { createdBy: 'test', comment: null }, new Date());
    // PGlite is single-process: hand the files over to the command.
    if (kind === 'pglite') await database.close();

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/rescreen.ts', '--batch', '10'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    });
    expect(stdout).toContain('Re-screening undecided applicants under settings version 2');
    expect(stdout.match(/re-screened, \d+ to go/g)).toHaveLength(3);
    expect(stdout).toContain('Done: 25 applicants re-screened under version 2.');

    const check = kind === 'pglite' ? await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') }) : database;
    try {
      const rows = await check.db.select().from(applications);
      expect(rows.every((r) => r.settingsVersion === 2)).toBe(true);
      expect(rows.filter((r) => r.outcome === 'declined')).toHaveLength(12);
      expect(await check.db.select().from(screeningHistory)).toHaveLength(25);
    } finally {
      if (kind === 'pglite') await check.close();
    }
  });
});
