import { ConfigError, loadConfig } from '../config.js';
import { currentSettings } from '../repositories/settings.js';
import { rescreenUndecided } from '../services/rescreen.js';
import { openConfiguredDatabase } from '../db/open-configured.js';

/**
 * `npm run rescreen [-- --batch 1000]`: re-screens every undecided applicant
 * under the settings version in force, in batches, printing progress. Each
 * applicant keeps its earlier screening in its history; decided ones are
 * never touched. Safe to stop and run again: it resumes where it was.
 */
async function main(): Promise<number> {
  const batchArg = process.argv.indexOf('--batch');
  const batchSize = batchArg > 0 ? Number(process.argv[batchArg + 1]) : 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error('--batch takes a whole number from 1 to 10000');
    return 2;
  }
  const config = await loadConfig(process.env);
  const database = await openConfiguredDatabase(config);
  try {
    const current = await currentSettings(database.db);
    const started = Date.now();
    console.log(`Re-screening undecided applicants under settings version ${current.version}…`);
    const result = await rescreenUndecided(database.db, current, {
      batchSize,
      onBatch: (p) => {
        const rate = Math.round(p.scanned / Math.max(0.001, (Date.now() - started) / 1000));
        console.log(`  ${p.rescreened} re-screened, ${p.remaining} to go (${rate}/s)`);
      },
    });
    console.log(`Done: ${result.rescreened} applicants re-screened under version ${current.version}.`);
    return 0;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
