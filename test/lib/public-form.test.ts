import { describe, expect, it } from 'vitest';
import { verifyStartedAt } from '../../src/lib/form-timing.js';
import { FORM_TOKEN_MAX_AGE_MS, checkFormToken, formStamps, isCrossOrigin, signFormToken } from '../../src/lib/public-form.js';

const SECRET = 'a-test-secret-a-test-secret-a-test';
const T = Date.parse('2026-11-22T10:00:00.250Z');

describe('the public form stamps', () => {
  it('round the render time up to the second, so the time trap never credits time not spent', () => {
    const stamp = formStamps(SECRET)(T);
    expect(verifyStartedAt(SECRET, stamp.startedAt)).toBe(Date.parse('2026-11-22T10:00:01Z'));
  });

  it('are the same within a second and change with it', () => {
    const stamps = formStamps(SECRET);
    const a = stamps(T);
    expect(stamps(T + 500)).toBe(a);
    const b = stamps(T + 800);
    expect(b).not.toBe(a);
    expect(b.csrf).not.toBe(a.csrf);
    expect(b.startedAt).not.toBe(a.startedAt);
  });

  it('carry a token that checks out for a day', () => {
    const { csrf } = formStamps(SECRET)(T);
    expect(checkFormToken(SECRET, csrf, T)).toBe('valid');
    expect(checkFormToken(SECRET, csrf, T + FORM_TOKEN_MAX_AGE_MS)).toBe('valid');
    expect(checkFormToken(SECRET, csrf, T + FORM_TOKEN_MAX_AGE_MS + 1000)).toBe('expired');
  });
});

describe('checkFormToken', () => {
  const second = Math.ceil(T / 1000);
  const token = signFormToken(SECRET, second);

  it('tells a missing token from a forged one', () => {
    expect(checkFormToken(SECRET, undefined, T)).toBe('missing');
    expect(checkFormToken(SECRET, '', T)).toBe('missing');
    expect(checkFormToken(SECRET, [token, token], T)).toBe('forged');
    expect(checkFormToken(SECRET, 'garbage', T)).toBe('forged');
    expect(checkFormToken(SECRET, `${second - 1}.${token.split('.')[1]}`, T)).toBe('forged');
    expect(checkFormToken('another-secret-another-secret-xx', token, T)).toBe('forged');
    expect(checkFormToken(SECRET, `${token}x`, T)).toBe('forged');
  });

  it('refuses a token from the future beyond a minute of clock skew', () => {
    expect(checkFormToken(SECRET, signFormToken(SECRET, second + 30), T)).toBe('valid');
    expect(checkFormToken(SECRET, signFormToken(SECRET, second + 120), T)).toBe('expired');
  });
});

describe('isCrossOrigin', () => {
  const own = 'https://desk.example';
  const cases: [Record<string, string>, boolean][] = [
    [{}, false],
    [{ 'sec-fetch-site': 'same-origin' }, false],
    [{ 'sec-fetch-site': 'none' }, false],
    [{ 'sec-fetch-site': 'same-site' }, true],
    [{ 'sec-fetch-site': 'cross-site' }, true],
    // Sec-Fetch-Site wins over Origin when both are sent.
    [{ 'sec-fetch-site': 'cross-site', origin: own }, true],
    [{ origin: own }, false],
    [{ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, false],
    [{ origin: 'https://evil.example', host: 'desk.example' }, true],
    [{ origin: 'https://desk.example.evil.example', host: 'desk.example' }, true],
    [{ origin: 'null', host: 'desk.example' }, true],
  ];
  it.each(cases)('%j → %s', (headers, expected) => {
    expect(isCrossOrigin(headers, own)).toBe(expected);
  });
});
