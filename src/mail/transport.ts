import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Resend } from 'resend';
import type { EmailPayload, WebhookPayload } from '../db/schema.js';

/**
 * What one delivery attempt came to. `retryable` failures are tried again
 * with backoff (or after `retryAfterMs`); the others are failed at once.
 */
export type DeliveryResult =
  | { ok: true; providerId: string | null }
  | { ok: false; retryable: boolean; retryAfterMs?: number; error: string };

export interface MailTransport {
  readonly name: 'resend' | 'development';
  send(email: EmailPayload, idempotencyKey: string): Promise<DeliveryResult>;
}

/** Parses Retry-After (seconds, or an HTTP date) into milliseconds. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Statuses worth another try: rate limits, conflicts of concurrent idempotent requests, server errors. */
function retryableStatus(status: number | null | undefined): boolean {
  return status === null || status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

const SEND_TIMEOUT_MS = 15_000;

/**
 * The official SDK. It answers `{ data, error, headers }` rather than
 * throwing; network failures and timeouts come back with no status code.
 */
export class ResendTransport implements MailTransport {
  readonly name = 'resend' as const;
  private readonly client: Resend;

  constructor(
    apiKey: string,
    baseUrl?: string,
    private readonly timeoutMs = SEND_TIMEOUT_MS,
  ) {
    this.client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  }

  async send(email: EmailPayload, idempotencyKey: string): Promise<DeliveryResult> {
    const response = await this.client.emails.send(
      {
        from: email.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      },
      { idempotencyKey, signal: AbortSignal.timeout(this.timeoutMs) } as { idempotencyKey: string },
    );
    if (!response.error) return { ok: true, providerId: response.data?.id ?? null };
    const error = response.error as { statusCode?: number | null; name?: string; message?: string };
    const status = error.statusCode ?? null;
    const headers = (response as { headers?: Record<string, string> | null }).headers ?? null;
    const description = `${status ?? 'network'} ${error.name ?? 'error'}: ${error.message ?? ''}`.trim();
    // Same key with another body can never succeed; concurrent use of one key can.
    const retryable = error.name === 'invalid_idempotent_request' ? false : retryableStatus(status);
    const wait = retryAfterMs(headers?.['retry-after']);
    return wait === undefined ? { ok: false, retryable, error: description } : { ok: false, retryable, retryAfterMs: wait, error: description };
  }
}

/**
 * Without RESEND_API_KEY: every email is written under DATA_DIR/mail (a
 * .json with everything, and the .html to open in a browser) and logged in
 * one line. The admin's Emails page shows the same messages.
 */
export class DevelopmentTransport implements MailTransport {
  readonly name = 'development' as const;

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  async send(email: EmailPayload, idempotencyKey: string): Promise<DeliveryResult> {
    await mkdir(this.dir, { recursive: true });
    const base = path.join(this.dir, idempotencyKey);
    await writeFile(`${base}.json`, `${JSON.stringify({ idempotencyKey, ...email }, null, 2)}\n`);
    await writeFile(`${base}.html`, email.html);
    this.log(`email to ${email.to.join(', ')}: “${email.subject}” → ${base}.json`);
    return { ok: true, providerId: `dev-${idempotencyKey}` };
  }
}

const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_SIGNATURE_HEADER = 'x-screening-signature';

/** POSTs a signed webhook; the receiver checks `sha256=<hex HMAC of the body>`. */
export async function deliverWebhook(payload: WebhookPayload, idempotencyKey: string): Promise<DeliveryResult> {
  try {
    const response = await fetch(payload.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'screening-desk-webhook/1',
        'idempotency-key': idempotencyKey,
        [WEBHOOK_SIGNATURE_HEADER]: `sha256=${payload.signature}`,
      },
      body: payload.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.ok) return { ok: true, providerId: null };
    const wait = retryAfterMs(response.headers.get('retry-after'));
    const result = { ok: false as const, retryable: retryableStatus(response.status), error: `${response.status} ${response.statusText}` };
    return wait === undefined ? result : { ...result, retryAfterMs: wait };
  } catch (error) {
    return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
  }
}
