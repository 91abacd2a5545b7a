import type { Database } from '../db/client.js';
import type { EmailPayload, OutboxRow, WebhookPayload } from '../db/schema.js';
import { claimDue, markFailed, markRetry, markSent } from './outbox.js';
import { deliverWebhook, type DeliveryResult, type MailTransport } from './transport.js';

export interface WorkerOptions {
  db: Database;
  transport: MailTransport;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  now?: () => number;
  /** How long a claimed row is ours before another worker may take it over. */
  leaseMs?: number;
  /** Sleep between polls when nothing is due. */
  pollMs?: number;
  batchSize?: number;
  /** Things to do once per tick besides delivering (the daily digest). */
  onTick?: (now: Date) => Promise<void>;
}

/** First retry after 2 s, then 4, 8, … up to an hour between tries. */
export function backoffMs(attempts: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

/** After a day of failures a message is given up (and shown as failed). */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Delivers the outbox: claims due rows with a lease, sends each outside any
 * transaction with its row id as Idempotency-Key, then records the result.
 * A crash between send and record leaves the lease to expire; the next claim
 * sends again with the same key, and the provider keeps it to one email.
 */
export class OutboxWorker {
  private readonly now: () => number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 10;
  }

  /** One poll: claims a batch and delivers it. Returns how many rows were handled. */
  async runOnce(): Promise<number> {
    const { db } = this.options;
    const claimedAt = new Date(this.now());
    await this.options.onTick?.(claimedAt);
    const rows = await claimDue(db, claimedAt, this.leaseMs, this.batchSize);
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { db, transport, log } = this.options;
    let result: DeliveryResult;
    try {
      result =
        row.kind === 'webhook'
          ? await deliverWebhook(row.payload as WebhookPayload, row.id)
          : await transport.send(row.payload as EmailPayload, row.id);
    } catch (error) {
      result = { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
    }
    const now = new Date(this.now());
    const context = { outboxId: row.id, purpose: row.purpose, attempts: row.attempts };
    if (result.ok) {
      await markSent(db, row.id, result.providerId, now);
      log.info(context, `${row.kind} sent`);
      return;
    }
    const expired = now.getTime() - row.createdAt.getTime() > GIVE_UP_AFTER_MS;
    if (!result.retryable || expired) {
      await markFailed(db, row.id, expired && result.retryable ? `gave up after a day: ${result.error}` : result.error, now);
      log.error({ ...context, error: result.error }, `${row.kind} failed`);
      return;
    }
    const wait = Math.min(result.retryAfterMs ?? backoffMs(row.attempts), 60 * 60 * 1000);
    await markRetry(db, row.id, new Date(now.getTime() + wait), result.error, now);
    log.warn({ ...context, error: result.error, retryInMs: wait }, `${row.kind} will be retried`);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (error) {
        this.options.log.error({ err: error }, 'outbox worker poll failed');
      }
      if (this.stopped) return;
      // A full batch means more may be waiting: go again at once.
      this.timer = setTimeout(() => {
        this.running = loop();
      }, handled >= this.batchSize ? 0 : this.pollMs);
    };
    this.running = loop();
  }

  /** Stops polling and waits for the deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
