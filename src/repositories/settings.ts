import { desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { screeningSettings } from '../db/schema.js';
import { DEFAULT_SETTINGS, withDefaults, type Settings } from '../domain/settings.js';

export interface SettingsVersion {
  version: number;
  settings: Settings;
  comment: string | null;
  createdBy: string | null;
  createdAt: Date;
}

/** Writes version 1 (the questionnaire's defaults) when no version exists. */
export async function ensureDefaultSettings(db: Database): Promise<void> {
  await db
    .insert(screeningSettings)
    .values({ version: 1, settings: DEFAULT_SETTINGS, comment: 'Defaults' })
    .onConflictDoNothing();
}

/** The version in force: the newest one. */
export async function currentSettings(db: Database): Promise<SettingsVersion> {
  const [row] = await db.select().from(screeningSettings).orderBy(desc(screeningSettings.version)).limit(1);
  if (row) return { ...row, settings: withDefaults(row.settings) };
  await ensureDefaultSettings(db);
  return currentSettings(db);
}

export async function settingsVersion(db: Database, version: number): Promise<SettingsVersion | undefined> {
  const [row] = await db.select().from(screeningSettings).where(eq(screeningSettings.version, version));
  return row && { ...row, settings: withDefaults(row.settings) };
}
