import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `started_at` field of the application form: when the form was
 * rendered, signed so a bot cannot claim it spent a minute on the page.
 */
export function signStartedAt(secret: string, renderedAtMs: number): string {
  return `${renderedAtMs}.${mac(secret, renderedAtMs)}`;
}

/** The signed render time, or null when the value is missing or forged. */
export function verifyStartedAt(secret: string, value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return null;
  const renderedAtMs = Number(match[1]);
  const expected = Buffer.from(mac(secret, renderedAtMs));
  const given = Buffer.from(match[2] as string);
  return expected.length === given.length && timingSafeEqual(expected, given) ? renderedAtMs : null;
}

function mac(secret: string, renderedAtMs: number): string {
  return createHmac('sha256', secret).update(`started_at:${renderedAtMs}`).digest('base64url');
}
