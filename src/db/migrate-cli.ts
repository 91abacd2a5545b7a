import { ConfigError, loadConfig } from '../config.js';
import { openConfiguredDatabase } from './open-configured.js';

/** `npm run db:migrate`: applies pending migrations and writes the default settings. */
try {
  const config = await loadConfig(process.env);
  const database = await openConfiguredDatabase(config);
  try {
    console.log(`migrations applied (${database.driver})`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
