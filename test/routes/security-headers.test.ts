import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const PAGES = ['/apply', '/apply?lang=fr', '/admin/login', '/admin/applicants', '/no-such-page', '/assets/app.css', '/healthz'];

describe.each([
  ['http', 'http://127.0.0.1:3000'],
  ['https', 'https://desk.example'],
])('security headers behind %s', (scheme, publicUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite', { publicUrl });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(PAGES)('are on %s', async (url) => {
    const response = await t.app.inject({ method: 'GET', url });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp.includes('upgrade-insecure-requests')).toBe(scheme === 'https');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['x-powered-by']).toBeUndefined();
    if (scheme === 'https') expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    else expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});
