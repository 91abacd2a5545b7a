import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createTransport, createWorker } from './mail/setup.js';
import { bootstrapOwners } from './services/owners.js';
import { openConfiguredDatabase } from './db/open-configured.js';

function loggerOptions(config: Config) {
  if (config.env === 'development' && process.stdout.isTTY) {
    return { level: config.logLevel, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } };
  }
  return { level: config.logLevel };
}

async function main() {
  let config: Config;
  try {
    config = await loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const database = await openConfiguredDatabase(config);

  const app = await buildApp({ config, database, logger: loggerOptions(config) });
  await bootstrapOwners(database.db, config, app.log, new Date());

  const transport = createTransport(config, (line) => app.log.info(line));
  const worker = createWorker(database.db, config, transport, app.log.child({ component: 'outbox' }));
  if (config.outboxWorker) {
    worker.start();
    // Deliveries under way finish before the database closes.
    app.addHook('preClose', async () => worker.stop());
  }

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });

  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: database.driver, publicUrl: config.publicUrl },
    `ready on ${config.publicUrl} (${database.driver === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}; email: ${transport.name === 'resend' ? 'Resend' : `kept in ${config.dataDir}/mail`})`,
  );
}

await main();
