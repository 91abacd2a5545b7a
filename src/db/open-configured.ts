import path from 'node:path';
import type { Config } from '../config.js';
import { ensureDefaultSettings } from '../repositories/settings.js';
import { openDatabase, type DatabaseHandle } from './client.js';

/**
 * The database the configuration names (PostgreSQL, or PGlite in
 * DATA_DIR/pglite), migrated and holding the default settings: what the
 * server, the worker and every command start from.
 */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
  try {
    await database.migrate();
    await ensureDefaultSettings(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
