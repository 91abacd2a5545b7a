import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { signStartedAt } from './form-timing.js';

/**
 * The public application form's anti-forgery protection, kept off the hot
 * path: no cookie and no per-visit cryptography.
 *
 * - `_csrf` is a stateless token: the second the form was rendered, signed
 *   with the server's secret. It proves the form came from this server, not
 *   long ago; it is the same for every form rendered in that second, so it is
 *   computed once a second, not once a visit.
 * - What stops another site from making a visitor's browser post the form is
 *   the browser's own word: `Sec-Fetch-Site` (every current browser), else
 *   `Origin` (the approach of Go's `http.CrossOriginProtection`). A request
 *   with neither is not from a browser and cannot ride on a visitor.
 *
 * The owner pages keep session-bound tokens (@fastify/csrf-protection).
 */

/** How long a rendered form may be sent: a day, for a prospect who comes back to an open tab. */
export const FORM_TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Clock allowance for a token from a second that has not quite begun here. */
const FUTURE_ALLOWANCE_MS = 60 * 1000;

export interface FormStamp {
  /** The `started_at` field: the render time, signed (see form-timing). */
  startedAt: string;
  /** The `_csrf` field. */
  csrf: string;
}

/**
 * The signed hidden values of a form rendered at `nowMs`. The render time is
 * rounded up to the second, so the time trap never credits a sender with
 * time they did not spend; the values are computed once per second.
 */
export function formStamps(secret: string): (nowMs: number) => FormStamp {
  let second = Number.NaN;
  let stamp: FormStamp = { startedAt: '', csrf: '' };
  return (nowMs) => {
    const current = Math.ceil(nowMs / 1000);
    if (current !== second) {
      second = current;
      stamp = { startedAt: signStartedAt(secret, current * 1000), csrf: signFormToken(secret, current) };
    }
    return stamp;
  };
}

export function signFormToken(secret: string, second: number): string {
  return `${second}.${mac(secret, second)}`;
}

export type FormTokenCheck = 'valid' | 'missing' | 'forged' | 'expired';

export function checkFormToken(secret: string, value: unknown, nowMs: number, maxAgeMs = FORM_TOKEN_MAX_AGE_MS): FormTokenCheck {
  if (value === undefined || value === '') return 'missing';
  if (typeof value !== 'string') return 'forged';
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return 'forged';
  const second = Number(match[1]);
  const expected = Buffer.from(mac(secret, second));
  const given = Buffer.from(match[2] as string);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged';
  const issuedAt = second * 1000;
  if (issuedAt > nowMs + FUTURE_ALLOWANCE_MS || nowMs - issuedAt > maxAgeMs) return 'expired';
  return 'valid';
}

/**
 * True when a browser says this request was made by another site (or a
 * sandboxed or privacy-stripped context). `ownOrigin` is the PUBLIC_URL's
 * origin; an `Origin` naming the request's own `Host` is accepted as well.
 */
export function isCrossOrigin(headers: IncomingHttpHeaders, ownOrigin: string): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  if (origin === undefined) return false;
  if (origin === ownOrigin) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true;
  }
}

function mac(secret: string, second: number): string {
  return createHmac('sha256', secret).update(`apply-form:${second}`).digest('base64url');
}
