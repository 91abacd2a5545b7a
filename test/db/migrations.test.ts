import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { applications, screeningSettings } from '../../src/db/schema.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { currentSettings, ensureDefaultSettings } from '../../src/repositories/settings.js';
import { createTestDatabase, databaseKinds } from '../helpers/database.js';

describe.each(databaseKinds())('migrations on %s', (kind) => {
  it('create the tables and the default settings as version 1, and run again harmlessly', async () => {
    const database = await createTestDatabase(kind);
    try {
      await database.migrate();
      await ensureDefaultSettings(database.db);
      const versions = await database.db.select().from(screeningSettings);
      expect(versions.map((v) => v.version)).toEqual([1]);
      expect((await currentSettings(database.db)).settings).toEqual(DEFAULT_SETTINGS);
      expect(await database.db.select().from(applications)).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

if (databaseKinds().includes('postgres')) {
  describe('migrations on postgres, from two processes at once', () => {
    it('apply once without either failing', async () => {
      const first = await createTestDatabase('postgres');
      const second = await openDatabase({ url: first.url, maxConnections: 2 });
      try {
        await Promise.all([first.migrate(), second.migrate()]);
        expect(await first.db.select().from(applications)).toEqual([]);
      } finally {
        await second.close();
        await first.close();
      }
    });
  });
}

describe('the embedded database', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps its data across a restart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sd-pglite-'));
    dirs.push(dir);
    const pgliteDir = path.join(dir, 'pglite');
    const first = await openDatabase({ pgliteDir });
    await first.migrate();
    await ensureDefaultSettings(first.db);
    await first.db.insert(screeningSettings).values({ version: 2, settings: { ...DEFAULT_SETTINGS, minMonthlyBudget: 2500 } });
    await first.close();

    const second = await openDatabase({ pgliteDir });
    try {
      await second.migrate();
      const current = await currentSettings(second.db);
      expect(current.version).toBe(2);
      expect(current.settings.minMonthlyBudget).toBe(2500);
    } finally {
      await second.close();
    }
  });
});
