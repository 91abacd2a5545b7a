import path from 'node:path';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { currentSettings } from '../repositories/settings.js';
import { enqueueDailyDigest } from '../services/notifications.js';
import { DevelopmentTransport, ResendTransport, type MailTransport } from './transport.js';
import { OutboxWorker, type WorkerOptions } from './worker.js';

/** Resend when RESEND_API_KEY is set; otherwise emails are kept in DATA_DIR/mail. */
export function createTransport(config: Config, log: (line: string) => void): MailTransport {
  return config.resendApiKey
    ? new ResendTransport(config.resendApiKey, config.resendBaseUrl)
    : new DevelopmentTransport(path.join(config.dataDir, 'mail'), log);
}

const DIGEST_CHECK_EVERY_MS = 5 * 60 * 1000;

/** The outbox worker with the daily digest check on its tick. */
export function createWorker(
  db: Database,
  config: Config,
  transport: MailTransport,
  log: WorkerOptions['log'],
  now: () => number = Date.now,
): OutboxWorker {
  let lastDigestCheck = 0;
  return new OutboxWorker({
    db,
    transport,
    log,
    now,
    leaseMs: config.outboxLeaseMs,
    onTick: async (at) => {
      if (at.getTime() - lastDigestCheck < DIGEST_CHECK_EVERY_MS) return;
      lastDigestCheck = at.getTime();
      const { settings } = await currentSettings(db);
      if (await enqueueDailyDigest(db, settings, config, at)) log.info({}, 'daily digest enqueued');
    },
  });
}
