import { describe, expect, it } from 'vitest';
import { pageTemplate } from '../../src/lib/page-template.js';

describe('pageTemplate', () => {
  it('writes the values into their holes, whatever order the holes come in', () => {
    const fill = pageTemplate('<p>é %%b%% – %%a%% ✓ %%c%%</p>', ['%%a%%', '%%b%%', '%%c%%']);
    expect(fill(['1', 'twenty-two', 'ü']).toString('utf8')).toBe('<p>é twenty-two – 1 ✓ ü</p>');
    expect(fill(['', '', '']).toString('utf8')).toBe('<p>é  –  ✓ </p>');
  });

  it('gives a fresh buffer each time', () => {
    const fill = pageTemplate('[%%a%%]', ['%%a%%']);
    const first = fill(['x']);
    const second = fill(['y']);
    expect(first.toString()).toBe('[x]');
    expect(second.toString()).toBe('[y]');
  });

  it('refuses a hole that is missing or repeated', () => {
    expect(() => pageTemplate('no hole', ['%%a%%'])).toThrow(/exactly once/);
    expect(() => pageTemplate('%%a%% %%a%%', ['%%a%%'])).toThrow(/exactly once/);
  });
});
