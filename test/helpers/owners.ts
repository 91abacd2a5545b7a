import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/client.js';
import { parseAnswers } from '../../src/domain/answers.js';
import { screen } from '../../src/domain/screening.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { hashPassword } from '../../src/lib/passwords.js';
import { insertApplication } from '../../src/repositories/applications.js';
import { upsertOwner } from '../../src/repositories/owners.js';
import { cookiesOf, encodeForm, goodAnswers, html } from './app.js';

export const OWNER_EMAIL = 'owner@agency.example';
export const OWNER_PASSWORD = 'correct horse battery staple';

export async function createOwner(db: Database, email = OWNER_EMAIL, password = OWNER_PASSWORD) {
  return (await upsertOwner(db, email, await hashPassword(password), new Date())).owner;
}

/** A browser's cookie jar and the last CSRF token it saw. */
export interface Browser {
  cookies: Record<string, string>;
  csrf: string;
}

/** GETs a page, keeping cookies and the page's CSRF token. */
export async function visit(app: FastifyInstance, browser: Browser, url: string): Promise<LightMyRequestResponse> {
  const response = await app.inject({ method: 'GET', url, cookies: browser.cookies });
  cookiesOf(response, browser.cookies);
  const token = html(response).querySelector('input[name=_csrf]')?.getAttribute('value');
  if (token) browser.csrf = token;
  return response;
}

export async function post(
  app: FastifyInstance,
  browser: Browser,
  url: string,
  fields: Readonly<Record<string, string | readonly string[]>>,
): Promise<LightMyRequestResponse> {
  const response = await app.inject({
    method: 'POST',
    url,
    cookies: browser.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: encodeForm({ _csrf: browser.csrf, ...fields }),
  });
  cookiesOf(response, browser.cookies);
  return response;
}

/** Signs in through the login form, as a person would. */
export async function signIn(app: FastifyInstance, email = OWNER_EMAIL, password = OWNER_PASSWORD): Promise<Browser> {
  const browser: Browser = { cookies: {}, csrf: '' };
  await visit(app, browser, '/admin/login');
  const response = await post(app, browser, '/admin/login', { email, password });
  if (response.statusCode !== 303) throw new Error(`login answered ${response.statusCode}`);
  await visit(app, browser, '/admin/applicants');
  return browser;
}

/** Stores a screened application directly, the way POST /apply would. */
export async function seedApplication(
  db: Database,
  overrides: Record<string, string> = {},
  options: { submittedAt?: Date; honeypot?: boolean } = {},
) {
  const parsed = parseAnswers({ ...goodAnswers(), ...overrides });
  if (!parsed.ok) throw new Error(`bad fixture: ${JSON.stringify(parsed.errors)}`);
  const screening = screen(parsed.answers, DEFAULT_SETTINGS, { honeypot: options.honeypot ?? false, tooFast: false });
  const { id } = await insertApplication(db, {
    id: randomUUID(),
    submittedAt: options.submittedAt ?? new Date(),
    language: 'en',
    submissionKey: randomUUID(),
    answers: parsed.answers,
    screening,
    settingsVersion: 1,
  });
  return { id, screening };
}
