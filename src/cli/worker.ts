import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, loadConfig } from '../config.js';
import { createTransport, createWorker } from '../mail/setup.js';
import { openConfiguredDatabase } from '../db/open-configured.js';

/**
 * `npm run worker`: delivers the outbox from its own process (run the web
 * servers with OUTBOX_WORKER=off, or not: several workers share the work
 * safely). SIGTERM lets the deliveries under way finish.
 */
try {
  const config = await loadConfig(process.env);
  const log = pino({ level: config.logLevel, base: { component: 'outbox' } });
  const database = await openConfiguredDatabase(config);
  const transport = createTransport(config, (line) => log.info(line));
  const worker = createWorker(database.db, config, transport, log);
  worker.start();
  log.info({ transport: transport.name, database: database.driver }, 'outbox worker started');
  closeWithGrace({ delay: 20_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'worker stopping after an error');
    else log.info({ signal }, 'worker stopping');
    await worker.stop();
    await database.close();
  });
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
