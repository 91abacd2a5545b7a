import { describe, expect, it } from 'vitest';
import { parseAnswers, type Answers } from '../../src/domain/answers.js';
import { replayScreening, type PastApplication } from '../../src/domain/preview.js';
import { screen } from '../../src/domain/screening.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { goodAnswers } from '../helpers/app.js';

function past(id: string, overrides: Record<string, string>, spamReasons: PastApplication['spamReasons'] = []): PastApplication {
  const parsed = parseAnswers({ ...goodAnswers(), ...overrides });
  if (!parsed.ok) throw new Error('bad fixture');
  const answers: Answers = parsed.answers;
  const result = screen(answers, DEFAULT_SETTINGS, { honeypot: spamReasons.includes('honeypot'), tooFast: false });
  return { id, name: id, company: 'Co', outcome: result.outcome, score: result.score, answers, spamReasons };
}

describe('replaying screening under draft settings', () => {
  const applicants = [
    past('a', { monthly_budget: '5000' }),
    past('b', { monthly_budget: '5000' }),
    past('c', { monthly_budget: '9000' }),
    past('d', { monthly_budget: '1000' }),
    past('e', { monthly_budget: '5000' }, ['honeypot']),
  ];

  it('changes nothing under the same settings', () => {
    const result = replayScreening(applicants, DEFAULT_SETTINGS);
    expect(result.moved).toBe(0);
    expect(result.transitions).toEqual([
      { from: 'qualified', to: 'qualified', count: 3 },
      { from: 'declined', to: 'declined', count: 1 },
      { from: 'spam', to: 'spam', count: 1 },
    ]);
  });

  it('counts moves between outcomes, moves first, and keeps spam as spam', () => {
    const result = replayScreening(applicants, { ...DEFAULT_SETTINGS, minMonthlyBudget: 6000, targetMonthlyBudget: 8000 });
    expect(result.total).toBe(5);
    expect(result.moved).toBe(2);
    expect(result.transitions[0]).toEqual({ from: 'qualified', to: 'declined', count: 2 });
    expect(result.changed.map((c) => c.id).sort()).toEqual(['a', 'b']);
    expect(result.changed[0]).toMatchObject({ from: 'qualified', to: 'declined' });
    expect(result.transitions).toContainEqual({ from: 'spam', to: 'spam', count: 1 });
  });
});
