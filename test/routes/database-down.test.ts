import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { TestClock, goodAnswers, html, openForm, submitForm, testConfig } from '../helpers/app.js';
import type { FastifyInstance } from 'fastify';

// A real postgres.js client pointed at a port where nothing listens: the
// database is unreachable the way it is when the server is down.
describe('when the database is unreachable', () => {
  let app: FastifyInstance;
  const clock = new TestClock();

  beforeAll(async () => {
    const database = await openDatabase({ url: 'postgres://postgres@127.0.0.1:9/none', maxConnections: 1 });
    app = await buildApp({ config: testConfig(), database, now: clock.now });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('still shows the empty form', async () => {
    const response = await app.inject({ method: 'GET', url: '/apply' });
    expect(response.statusCode).toBe(200);
  });

  it('answers POST /apply with 503, the form again and every answer kept', async () => {
    const form = await openForm(app);
    clock.advance(60);
    const response = await submitForm(app, form, goodAnswers());
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
    const page = html(response);
    expect(page.querySelector('.notification')?.text).toContain('We could not save your application just now');
    expect(page.querySelector('#email')?.getAttribute('value')).toBe('camille@example.com');
    expect(page.querySelector('#goals')?.text).toBe(goodAnswers().goals);
    expect(page.querySelector('input[name=submission_key]')?.getAttribute('value')).toBe(form.fields.submission_key);
  });

  it('answers /healthz with 503', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable' });
  });
});
