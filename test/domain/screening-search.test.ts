import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/domain/answers.js';
import { scoreClarity } from '../../src/domain/clarity.js';
import { fitBreakdown, screen } from '../../src/domain/screening.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';

// Screening searches each long answer once for the phrases of every rule and
// for the clarity lists; the compiled lists are reused across applications.
// These cases pin what that must not change.

function prospect(overrides: Partial<Answers> = {}): Answers {
  return {
    name: 'Ann Example',
    email: 'ann@example.com',
    company: 'Example Dental',
    website: null,
    role: 'owner',
    decision_maker: 'yes',
    used_seo_before: 'yes',
    previous_agencies: '1',
    seo_history: null,
    ideal_customer: 'Owners of dental clinics in Lyon with 3 to 10 chairs.',
    customer_ltv: 20_000,
    monthly_budget: 5000,
    goals: 'Book 40 new patients a month by June 2026.',
    start_timeline: 'now',
    results_horizon: 'six_months',
    update_frequency: 'monthly',
    contact_preference: 'email',
    payment_terms: 'on_invoice',
    scope_changes: 'change_request',
    recommendations: 'follow',
    anything_else: null,
    ...overrides,
  };
}

describe('screening with phrase lists edited in place', () => {
  it('sees a phrase added to, then removed from, the same settings object', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    const answers = prospect({ anything_else: 'We need it live by tomorrow.' });
    expect(screen(answers, settings).flags).toEqual([]);

    settings.phrases.urgency.en.push('by tomorrow');
    expect(screen(answers, settings).flags.map((flag) => flag.rule)).toEqual(['urgency']);

    settings.phrases.urgency.en.pop();
    expect(screen(answers, settings).flags).toEqual([]);
  });

  it('sees a phrase changed in place', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    const answers = prospect({ anything_else: 'Something cheap would be nice.' });
    expect(screen(answers, settings).flags.map((flag) => flag.rule)).toEqual(['lowest_price']);

    settings.phrases.lowest_price.en = settings.phrases.lowest_price.en.map((p) => (p === 'cheap' ? 'inexpensive' : p));
    expect(screen(answers, settings).flags).toEqual([]);
    settings.phrases.lowest_price.en[2] = 'cheap';
    expect(screen(answers, settings).flags.map((flag) => flag.rule)).toEqual(['lowest_price']);
  });

  it('searches no phrase of a disabled rule, and still scores clarity', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    for (const rule of Object.values(settings.rules)) rule.enabled = false;
    const answers = prospect({ anything_else: 'Cheap, asap, guaranteed results.' });
    const result = screen(answers, settings);
    expect(result.flags).toEqual([]);
    expect(result.fit).toEqual(fitBreakdown(answers, settings));
  });
});

describe('screening: clarity as in the fit breakdown', () => {
  it.each([
    { ideal_customer: 'Sell to those twenty years', goals: 'old and up, more of them.' },
    { ideal_customer: 'Nous vendons en', goals: 'ligne, surtout.' },
    { ideal_customer: 'Nobody in particular, really.', goals: 'More traffic, please!' },
    { ideal_customer: 'Des clients à Bordeaux, ½ de nos ventes.', goals: 'Doubler le chiffre d’ici la fin de l’année.' },
    { ideal_customer: '😀 anyone 😀', goals: '한국어 customers 𐐀' },
  ])('gives the clarity of scoreClarity for $ideal_customer / $goals', (texts) => {
    const answers = prospect(texts);
    expect(screen(answers, DEFAULT_SETTINGS).fit.clarity).toEqual(scoreClarity(answers.ideal_customer, answers.goals));
    expect(screen(answers, DEFAULT_SETTINGS).fit).toEqual(fitBreakdown(answers, DEFAULT_SETTINGS));
  });

  it('finds a clarity phrase that crosses from ideal customer to goals', () => {
    const answers = prospect({ ideal_customer: 'Sell to those twenty years', goals: 'old and up, more of them.' });
    expect(screen(answers, DEFAULT_SETTINGS).fit.clarity.signals.who).toBe(5);
  });
});
