import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parse, type HTMLElement } from 'node-html-parser';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './database.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    env: 'test',
    host: '127.0.0.1',
    port: 0,
    databaseUrl: undefined,
    dataDir: '/nonexistent',
    publicUrl: 'http://127.0.0.1:3000',
    sessionSecret: 'test-secret-test-secret-test-secret-0123',
    adminEmail: undefined,
    adminPassword: undefined,
    minFillSeconds: 3,
    applyRateLimit: 1000,
    resendApiKey: undefined,
    resendBaseUrl: undefined,
    mailFrom: 'Agency <desk@agency.example>',
    outboxLeaseMs: 60_000,
    outboxWorker: false,
    // PGlite runs in this process and may block the loop in tests: no load shedding here.
    maxEventLoopDelayMs: 0,
    // Tests change settings straight in the database and expect the next request to see them.
    settingsCacheMs: 0,
    ownerNotifyEmails: [],
    logLevel: 'silent',
    trustProxy: false,
    ...overrides,
  });
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms = Date.parse('2026-11-22T10:00:00Z')) {}
  now = () => this.ms;
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: TestClock;
  close(): Promise<void>;
}

/** The real app on a fresh database of the given kind. */
export async function buildTestApp(kind: DatabaseKind, overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const clock = new TestClock();
  const app = await buildApp({ config: testConfig(overrides), database, now: clock.now });
  await app.ready();
  return {
    app,
    database,
    clock,
    async close() {
      await app.close(); // closes the database too
    },
  };
}

export function html(response: LightMyRequestResponse): HTMLElement {
  return parse(response.body);
}

/** Cookies set by a response, ready to send back. */
export function cookiesOf(response: LightMyRequestResponse, jar: Record<string, string> = {}): Record<string, string> {
  for (const cookie of response.cookies) jar[cookie.name] = cookie.value;
  return jar;
}

/** A filled-in application from a prospect who should qualify. */
export function goodAnswers(): Record<string, string> {
  return {
    name: 'Camille Durand',
    email: 'camille@example.com',
    company: 'Cabinet Dentaire Durand',
    website: 'https://dentaire-durand.example',
    role: 'owner',
    decision_maker: 'yes',
    used_seo_before: 'yes',
    previous_agencies: '1',
    seo_history: 'A freelancer built our site in 2021; traffic grew, then she moved on to other work.',
    ideal_customer: 'Families and professionals in Lyon looking for a dentist, about 40 new patients a month.',
    customer_ltv: '12000',
    monthly_budget: '5000',
    goals: 'Reach 40 new patient bookings a month from Google by June 2027, mostly for implants.',
    start_timeline: 'within_3_months',
    results_horizon: 'six_months',
    update_frequency: 'monthly',
    contact_preference: 'scheduled_calls',
    payment_terms: 'on_invoice',
    scope_changes: 'change_request',
    recommendations: 'discuss',
    anything_else: '',
  };
}

export interface FormSession {
  cookies: Record<string, string>;
  fields: Record<string, string>;
  page: HTMLElement;
}

/** Opens the form as a browser would: its hidden fields and any cookies it sets. */
export async function openForm(app: FastifyInstance, url = '/apply', headers: Record<string, string> = {}): Promise<FormSession> {
  const response = await app.inject({ method: 'GET', url, headers });
  if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}`);
  return formFrom(response);
}

/** The form a response shows (a first visit, or a form sent back with a message). */
export function formFrom(response: LightMyRequestResponse): FormSession {
  const page = html(response);
  const fields: Record<string, string> = {};
  for (const input of page.querySelectorAll('input[type=hidden]')) {
    fields[input.getAttribute('name') ?? ''] = input.getAttribute('value') ?? '';
  }
  return { cookies: cookiesOf(response), fields, page };
}

export function encodeForm(values: Readonly<Record<string, string | readonly string[]>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    for (const item of typeof value === "string" ? [value] : value) params.append(key, item);
  }
  return params.toString();
}

/** Posts answers with the form's hidden fields and cookies. */
export async function submitForm(
  app: FastifyInstance,
  form: FormSession,
  answers: Record<string, string | string[]>,
  url = '/apply',
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    cookies: form.cookies,
    payload: encodeForm({ fax: '', ...form.fields, ...answers }),
  });
}
