import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/domain/answers.js';
import { budgetScore, screen, type Flag } from '../../src/domain/screening.js';
import { DEFAULT_SETTINGS, type RuleId, type Settings } from '../../src/domain/settings.js';

// Expectations below come from shared/spec/questionnaire.md ("Screening:
// default semantics"), not from the implementation: every number is written
// out so a change to a default or a rule makes a test fail.

// 400+ characters that say who, where, how many and by when: full clarity.
const SPECIFIC_IDEAL_CUSTOMER =
  'Owners of independent dental clinics in Lyon and the Rhône region, with 3 to 10 chairs, who want to fill ' +
  'their agenda with private patients aged 30 to 60. They usually run the clinic themselves and decide quickly.';
const SPECIFIC_GOALS =
  'Book 40 new patients a month from local search by June 2026, and double the number of online appointment ' +
  'requests within twelve months, while keeping our cost per patient under 80 euros per booking.';

/** A valid application that qualifies with a perfect score and raises no flag. */
function goodProspect(overrides: Partial<Answers> = {}): Answers {
  return {
    name: 'Ann Example',
    email: 'ann@example.com',
    company: 'Example Dental',
    website: 'https://example.com',
    role: 'owner',
    decision_maker: 'yes',
    used_seo_before: 'yes',
    previous_agencies: '1',
    seo_history: null,
    ideal_customer: SPECIFIC_IDEAL_CUSTOMER,
    customer_ltv: 20_000,
    monthly_budget: 5000,
    goals: SPECIFIC_GOALS,
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

function settingsWith(change: (settings: Settings) => void): Settings {
  const settings = structuredClone(DEFAULT_SETTINGS);
  change(settings);
  return settings;
}

const ruleIds = (flags: readonly Flag[]) => flags.map((flag) => flag.rule);

function flagFor(flags: readonly Flag[], rule: RuleId): Flag {
  const flag = flags.find((f) => f.rule === rule);
  if (!flag) throw new Error(`expected a ${rule} flag, got [${ruleIds(flags).join(', ')}]`);
  return flag;
}

describe('the good prospect used throughout', () => {
  it('qualifies with a budget score of 100, a fit score of 100, no flags and a score of 100', () => {
    const result = screen(goodProspect(), DEFAULT_SETTINGS);
    expect(result).toMatchObject({
      budgetScore: 100,
      fitScore: 100,
      penalty: 0,
      score: 100,
      outcome: 'qualified',
      flags: [],
      declineReasons: [],
      spamReasons: [],
    });
  });
});

describe('red flags raised by a choice', () => {
  it.each([
    { field: 'contact_preference', value: 'anytime', rule: 'round_the_clock' },
    { field: 'update_frequency', value: 'daily', rule: 'daily_rankings' },
    { field: 'results_horizon', value: 'weeks', rule: 'short_term' },
    { field: 'payment_terms', value: 'net_60_plus', rule: 'late_payer' },
    { field: 'scope_changes', value: 'included', rule: 'scope_creep' },
    { field: 'recommendations', value: 'i_decide', rule: 'ignores_advice' },
    { field: 'previous_agencies', value: '3_plus', rule: 'grass_is_greener' },
  ] as const)('raises a major $rule flag worth 15 points for $field = $value', ({ field, value, rule }) => {
    const result = screen(goodProspect({ [field]: value }), DEFAULT_SETTINGS);
    expect(result.flags).toEqual([
      {
        rule,
        severity: 'major',
        points: 15,
        nominalPoints: 15,
        evidence: [{ kind: 'choice', field, value }],
      },
    ]);
    expect(result.penalty).toBe(15);
    expect(result.score).toBe(85);
    // one major flag is below max_major_flags (2): the prospect still qualifies
    expect(result.outcome).toBe('qualified');
  });

  it('declines payment after results as a hard flag that carries no points', () => {
    const result = screen(goodProspect({ payment_terms: 'after_results' }), DEFAULT_SETTINGS);
    expect(result.flags).toEqual([
      {
        rule: 'pays_after_results',
        severity: 'hard',
        points: 0,
        nominalPoints: 0,
        evidence: [{ kind: 'choice', field: 'payment_terms', value: 'after_results' }],
      },
    ]);
    expect(result.penalty).toBe(0);
    expect(result.score).toBe(100);
    expect(result.outcome).toBe('declined');
    expect(result.declineReasons).toEqual(['hard_flag']);
  });

  it.each([
    { field: 'contact_preference', value: 'scheduled_calls' },
    { field: 'update_frequency', value: 'weekly' },
    { field: 'update_frequency', value: 'quarterly' },
    { field: 'results_horizon', value: 'three_months' },
    { field: 'results_horizon', value: 'twelve_months_plus' },
    { field: 'payment_terms', value: 'upfront' },
    { field: 'recommendations', value: 'discuss' },
    { field: 'previous_agencies', value: '0' },
    { field: 'previous_agencies', value: '2' },
  ] as const)('raises no flag for $field = $value', ({ field, value }) => {
    const result = screen(goodProspect({ [field]: value }), DEFAULT_SETTINGS);
    expect(result.flags).toEqual([]);
    expect(result.outcome).toBe('qualified');
  });
});

// The default phrase lists as the spec writes them.
const DEFAULT_PHRASES: readonly { rule: RuleId; severity: 'major' | 'minor'; points: number; phrase: string }[] = [
  ...[
    'guaranteed results',
    'guaranteed rankings',
    '#1 on Google',
    'number one on Google',
    'first page',
    'page one',
    'résultats garantis',
    'classement garanti',
    'première page',
    'premier sur Google',
    "c'est garanti",
  ].map((phrase) => ({ rule: 'guaranteed_rankings' as const, severity: 'major' as const, points: 15, phrase })),
  ...['24/7', 'anytime', 'call me any time', "n'importe quand", 'jour et nuit', '7 jours sur 7'].map((phrase) => ({
    rule: 'round_the_clock' as const,
    severity: 'major' as const,
    points: 15,
    phrase,
  })),
  ...['daily rankings', 'daily ranking report', 'classement quotidien', 'positions chaque jour'].map((phrase) => ({
    rule: 'daily_rankings' as const,
    severity: 'major' as const,
    points: 15,
    phrase,
  })),
  ...['cheapest', 'lowest price', 'cheap', 'pas cher', 'le moins cher', 'prix le plus bas'].map((phrase) => ({
    rule: 'lowest_price' as const,
    severity: 'minor' as const,
    points: 5,
    phrase,
  })),
  ...['asap', 'urgent', 'yesterday', 'tout de suite', 'au plus vite'].map((phrase) => ({
    rule: 'urgency' as const,
    severity: 'minor' as const,
    points: 5,
    phrase,
  })),
  ...['useless', 'incompetent', 'scam', 'ripped off', 'nuls', 'incompétents', 'arnaque', 'escrocs'].map((phrase) => ({
    rule: 'blames_providers' as const,
    severity: 'minor' as const,
    points: 5,
    phrase,
  })),
];

describe('red flags raised by default phrases', () => {
  it.each(DEFAULT_PHRASES)('raises a $severity $rule flag for "$phrase"', ({ rule, severity, points, phrase }) => {
    const anythingElse = `One more thing: ${phrase}, that matters to us.`;
    const result = screen(goodProspect({ anything_else: anythingElse }), DEFAULT_SETTINGS);
    const start = anythingElse.indexOf(phrase);
    expect(result.flags).toEqual([
      {
        rule,
        severity,
        points,
        nominalPoints: points,
        evidence: [
          { kind: 'phrase', field: 'anything_else', phrase, text: phrase, start, end: start + phrase.length },
        ],
      },
    ]);
    expect(result.penalty).toBe(points);
  });

  it.each(['seo_history', 'ideal_customer', 'goals', 'anything_else'] as const)(
    'scans the %s answer for phrases',
    (field) => {
      const text = `${SPECIFIC_IDEAL_CUSTOMER} We expect guaranteed results.`;
      const result = screen(goodProspect({ [field]: text }), DEFAULT_SETTINGS);
      expect(ruleIds(result.flags)).toEqual(['guaranteed_rankings']);
      expect(flagFor(result.flags, 'guaranteed_rankings').evidence).toEqual([
        {
          kind: 'phrase',
          field,
          phrase: 'guaranteed results',
          text: 'guaranteed results',
          start: text.indexOf('guaranteed results'),
          end: text.indexOf('guaranteed results') + 'guaranteed results'.length,
        },
      ]);
    },
  );

  it('does not scan short answers such as the company name for phrases', () => {
    const result = screen(goodProspect({ company: 'Cheap Flights 24/7', name: 'Urgent Scam' }), DEFAULT_SETTINGS);
    expect(result.flags).toEqual([]);
  });

  it('finds a phrase written in capitals and without its accents, and keeps the words as written', () => {
    const goals = `${SPECIFIC_GOALS} Nous voulons la PREMIERE PAGE.`;
    const result = screen(goodProspect({ goals }), DEFAULT_SETTINGS);
    expect(flagFor(result.flags, 'guaranteed_rankings').evidence).toEqual([
      {
        kind: 'phrase',
        field: 'goals',
        phrase: 'première page',
        text: 'PREMIERE PAGE',
        start: goals.indexOf('PREMIERE PAGE'),
        end: goals.indexOf('PREMIERE PAGE') + 'PREMIERE PAGE'.length,
      },
    ]);
  });

  it('does not raise a flag for a phrase inside a longer word', () => {
    const result = screen(
      goodProspect({
        anything_else:
          'They sold unguaranteed rankings, scampi dinners and cheapskate reports; asaprocessing annuls nothing.',
      }),
      DEFAULT_SETTINGS,
    );
    expect(result.flags).toEqual([]);
  });
});

describe('one concept counts once', () => {
  it('makes one flag from a choice and a phrase of the same rule, with both evidences', () => {
    const result = screen(
      goodProspect({ contact_preference: 'anytime', anything_else: 'Call me 24/7 if needed.' }),
      DEFAULT_SETTINGS,
    );
    expect(result.flags).toEqual([
      {
        rule: 'round_the_clock',
        severity: 'major',
        points: 15,
        nominalPoints: 15,
        evidence: [
          { kind: 'choice', field: 'contact_preference', value: 'anytime' },
          { kind: 'phrase', field: 'anything_else', phrase: '24/7', text: '24/7', start: 8, end: 12 },
        ],
      },
    ]);
    expect(result.penalty).toBe(15);
    // one flag, so one major flag: below max_major_flags (2)
    expect(result.outcome).toBe('qualified');
  });

  it('makes one daily_rankings flag from update_frequency = daily and "daily rankings"', () => {
    const result = screen(
      goodProspect({ update_frequency: 'daily', seo_history: 'Our last agency never sent daily rankings.' }),
      DEFAULT_SETTINGS,
    );
    expect(ruleIds(result.flags)).toEqual(['daily_rankings']);
    expect(flagFor(result.flags, 'daily_rankings').evidence.map((e) => e.kind)).toEqual(['choice', 'phrase']);
    expect(result.penalty).toBe(15);
    expect(result.outcome).toBe('qualified');
  });

  it('makes one flag from several phrases of the same rule', () => {
    const result = screen(
      goodProspect({ anything_else: "Reachable 24/7, jour et nuit, n'importe quand." }),
      DEFAULT_SETTINGS,
    );
    expect(ruleIds(result.flags)).toEqual(['round_the_clock']);
    const flag = flagFor(result.flags, 'round_the_clock');
    expect(flag.evidence.map((e) => (e.kind === 'phrase' ? e.phrase : e.value))).toEqual([
      '24/7',
      'jour et nuit',
      "n'importe quand",
    ]);
    expect(flag.points).toBe(15);
    expect(result.penalty).toBe(15);
  });

  it('makes one flag from the same phrase in two answers', () => {
    const result = screen(
      goodProspect({ seo_history: 'They were useless.', anything_else: 'Honestly, useless people.' }),
      DEFAULT_SETTINGS,
    );
    expect(ruleIds(result.flags)).toEqual(['blames_providers']);
    expect(flagFor(result.flags, 'blames_providers').evidence.map((e) => e.field)).toEqual([
      'seo_history',
      'anything_else',
    ]);
    expect(result.penalty).toBe(5);
  });

  it('counts flags, not matches, against max_major_flags', () => {
    // three matches of one major rule: one major flag, not three
    const result = screen(
      goodProspect({ contact_preference: 'anytime', anything_else: 'Anytime works, 24/7, call me any time.' }),
      DEFAULT_SETTINGS,
    );
    expect(ruleIds(result.flags)).toEqual(['round_the_clock']);
    expect(flagFor(result.flags, 'round_the_clock').evidence).toHaveLength(4);
    expect(result.declineReasons).toEqual([]);
    expect(result.score).toBe(85);
    expect(result.outcome).toBe('qualified');
  });
});

describe('penalties', () => {
  it('takes 15 points off for each major flag', () => {
    const result = screen(goodProspect({ results_horizon: 'weeks', scope_changes: 'included' }), DEFAULT_SETTINGS);
    expect(result.flags.map((f) => [f.rule, f.points])).toEqual([
      ['short_term', 15],
      ['scope_creep', 15],
    ]);
    expect(result.penalty).toBe(30);
    expect(result.score).toBe(70);
  });

  it('takes 5 points off for each minor flag', () => {
    const result = screen(goodProspect({ anything_else: 'We need it asap, and cheap.' }), DEFAULT_SETTINGS);
    expect(result.flags.map((f) => [f.rule, f.severity, f.points])).toEqual([
      ['lowest_price', 'minor', 5],
      ['urgency', 'minor', 5],
    ]);
    expect(result.penalty).toBe(10);
    expect(result.score).toBe(90);
  });

  it('takes 15 points off for the three default minor flags together', () => {
    const result = screen(
      goodProspect({ anything_else: 'Our last agency was a scam. We need the cheapest offer, asap.' }),
      DEFAULT_SETTINGS,
    );
    expect(ruleIds(result.flags)).toEqual(['lowest_price', 'urgency', 'blames_providers']);
    expect(result.penalty).toBe(15);
  });

  it('caps all minor flags together at 15 points when a minor penalty is raised to 10', () => {
    const settings = settingsWith((s) => {
      s.penalties.minor = 10;
    });
    const result = screen(goodProspect({ anything_else: 'Cheap, and asap please.' }), settings);
    expect(result.flags.map((f) => f.nominalPoints)).toEqual([10, 10]);
    expect(result.flags.reduce((sum, f) => sum + f.points, 0)).toBe(15);
    expect(result.penalty).toBe(15);
    expect(result.score).toBe(85);
  });

  it('applies the minor cap to a choice rule made minor as well as to phrase rules', () => {
    const settings = settingsWith((s) => {
      s.rules.scope_creep.severity = 'minor';
    });
    const result = screen(
      goodProspect({ scope_changes: 'included', anything_else: 'The cheapest, asap; the last agency was useless.' }),
      settings,
    );
    expect(result.flags.filter((f) => f.severity === 'minor')).toHaveLength(4);
    expect(result.penalty).toBe(15);
    expect(result.score).toBe(85);
  });

  it('does not cap major penalties with the minor cap', () => {
    const result = screen(
      goodProspect({ results_horizon: 'weeks', anything_else: 'The cheapest, asap; the last agency was useless.' }),
      DEFAULT_SETTINGS,
    );
    expect(result.penalty).toBe(30);
    expect(result.score).toBe(70);
  });
});

describe('budget score', () => {
  it.each([
    { budget: 0, expected: 0 },
    { budget: 1000, expected: 0 },
    { budget: 1499, expected: 0 },
    { budget: 1500, expected: 0 },
    { budget: 2375, expected: 25 },
    { budget: 3250, expected: 50 },
    { budget: 4125, expected: 75 },
    { budget: 5000, expected: 100 },
    { budget: 5001, expected: 100 },
    { budget: 100_000_000, expected: 100 },
  ])('scores a monthly budget of $budget at $expected', ({ budget, expected }) => {
    expect(budgetScore(budget, DEFAULT_SETTINGS)).toBe(expected);
    expect(screen(goodProspect({ monthly_budget: budget }), DEFAULT_SETTINGS).budgetScore).toBe(expected);
  });

  it('scores a budget one below the target just under 100 (linear up to the target)', () => {
    // (4999 - 1500) / (5000 - 1500) * 100 = 99.97…: only the target itself earns 100
    const score = budgetScore(4999, DEFAULT_SETTINGS);
    expect(score).toBeGreaterThan(99);
    expect(score).toBeLessThan(100);
  });

  it('follows the minimum and target budgets set by the owner', () => {
    const settings = settingsWith((s) => {
      s.minMonthlyBudget = 1000;
      s.targetMonthlyBudget = 3000;
    });
    expect(budgetScore(999, settings)).toBe(0);
    expect(budgetScore(2000, settings)).toBe(50);
    expect(budgetScore(3000, settings)).toBe(100);
  });
});

describe('fit score', () => {
  it.each([
    { role: 'owner', points: 15 },
    { role: 'executive', points: 15 },
    { role: 'marketing_manager', points: 10 },
    { role: 'employee', points: 4 },
    { role: 'other', points: 4 },
  ] as const)('gives the role $role $points authority points', ({ role, points }) => {
    const result = screen(goodProspect({ role }), DEFAULT_SETTINGS);
    expect(result.fit.authority.role).toBe(points);
    expect(result.fit.authority.points).toBe(points + 10);
    expect(result.fitScore).toBe(100 - (15 - points));
  });

  it.each([
    { decision_maker: 'yes', points: 10 },
    { decision_maker: 'shared', points: 5 },
    { decision_maker: 'no', points: 0 },
  ] as const)('gives decision_maker = $decision_maker $points authority points', ({ decision_maker, points }) => {
    const result = screen(goodProspect({ decision_maker }), DEFAULT_SETTINGS);
    expect(result.fit.authority.decisionMaker).toBe(points);
    expect(result.fit.authority.points).toBe(15 + points);
    expect(result.fitScore).toBe(100 - (10 - points));
  });

  it.each([
    { start_timeline: 'now', points: 15 },
    { start_timeline: 'within_3_months', points: 15 },
    { start_timeline: 'later', points: 6 },
    { start_timeline: 'researching', points: 0 },
  ] as const)('gives start_timeline = $start_timeline $points timing points', ({ start_timeline, points }) => {
    const result = screen(goodProspect({ start_timeline }), DEFAULT_SETTINGS);
    expect(result.fit.timing.points).toBe(points);
    expect(result.fitScore).toBe(100 - (15 - points));
  });

  it.each([
    { ltv: 0, points: 0 },
    { ltv: 2000, points: 5 },
    { ltv: 4000, points: 10 },
    { ltv: 8000, points: 20 },
    { ltv: 10_000, points: 25 },
    { ltv: 20_000, points: 25 },
    { ltv: 100_000_000, points: 25 },
  ])('gives a customer lifetime value of $ltv $points economics points (capped at the target)', ({ ltv, points }) => {
    const result = screen(goodProspect({ customer_ltv: ltv }), DEFAULT_SETTINGS);
    expect(result.fit.economics.points).toBe(points);
    expect(result.fitScore).toBe(100 - (25 - points));
  });

  it('measures economics against the target lifetime value set by the owner', () => {
    const settings = settingsWith((s) => {
      s.targetLtv = 20_000;
    });
    expect(screen(goodProspect({ customer_ltv: 4000 }), settings).fit.economics.points).toBe(5);
    expect(screen(goodProspect({ customer_ltv: 8000 }), settings).fit.economics.points).toBe(10);
    expect(screen(goodProspect({ customer_ltv: 20_000 }), settings).fit.economics.points).toBe(25);
  });

  it.each([
    { used_seo_before: 'yes', points: 10 },
    { used_seo_before: 'no', points: 5 },
  ] as const)('gives used_seo_before = $used_seo_before $points experience points', ({ used_seo_before, points }) => {
    const result = screen(goodProspect({ used_seo_before }), DEFAULT_SETTINGS);
    expect(result.fit.experience.points).toBe(points);
    expect(result.fitScore).toBe(100 - (10 - points));
  });

  it('gives a vague picture of the business fewer clarity points than one that says who, where, how many and by when', () => {
    const vague = screen(
      goodProspect({ ideal_customer: 'Anyone who might need what we sell.', goals: 'Get more traffic and better visibility.' }),
      DEFAULT_SETTINGS,
    );
    const specific = screen(goodProspect(), DEFAULT_SETTINGS);
    expect(specific.fit.clarity.points).toBe(25);
    expect(vague.fit.clarity.points).toBeLessThan(10);
    expect(vague.fitScore).toBe(100 - 25 + vague.fit.clarity.points);
  });

  it('adds the five parts up to the fit score, out of 100', () => {
    const result = screen(
      goodProspect({ role: 'marketing_manager', decision_maker: 'shared', start_timeline: 'later', customer_ltv: 4000, used_seo_before: 'no' }),
      DEFAULT_SETTINGS,
    );
    expect(result.fit.authority).toMatchObject({ points: 15, max: 25 });
    expect(result.fit.timing).toMatchObject({ points: 6, max: 15 });
    expect(result.fit.economics).toMatchObject({ points: 10, max: 25 });
    expect(result.fit.clarity).toMatchObject({ points: 25, max: 25 });
    expect(result.fit.experience).toMatchObject({ points: 5, max: 10 });
    expect(result.fitScore).toBe(15 + 6 + 10 + 25 + 5);
  });
});

describe('score', () => {
  it.each([
    // 0.4 × budget score + 0.6 × fit score − penalties, clamped, rounded once
    { label: 'full budget, full fit', overrides: {}, expected: 100 },
    { label: 'budget 3250 (score 50)', overrides: { monthly_budget: 3250 }, expected: 80 },
    { label: 'budget 3250 and one major flag', overrides: { monthly_budget: 3250, results_horizon: 'weeks' }, expected: 65 },
    { label: 'budget 2270 (score 22.86)', overrides: { monthly_budget: 2270 }, expected: 69 },
    // 0.4 × (44 / 3500 × 100) + 60 = 60.503 → 61
    { label: 'budget 1544 (score 1.26)', overrides: { monthly_budget: 1544 }, expected: 61 },
    { label: 'budget at the minimum', overrides: { monthly_budget: 1500 }, expected: 60 },
    { label: 'fit 85 and budget 5000', overrides: { start_timeline: 'researching' }, expected: 91 },
    {
      label: 'budget 1500, three majors',
      overrides: { monthly_budget: 1500, results_horizon: 'weeks', scope_changes: 'included', recommendations: 'i_decide' },
      expected: 15,
    },
  ] as const)('scores $label at $expected', ({ overrides, expected }) => {
    expect(screen(goodProspect(overrides), DEFAULT_SETTINGS).score).toBe(expected);
  });

  it('never goes below 0 when penalties exceed the weighted score', () => {
    const result = screen(
      goodProspect({
        role: 'other',
        decision_maker: 'no',
        start_timeline: 'researching',
        used_seo_before: 'no',
        customer_ltv: 0,
        monthly_budget: 1500,
        contact_preference: 'anytime',
        update_frequency: 'daily',
        results_horizon: 'weeks',
        scope_changes: 'included',
        recommendations: 'i_decide',
      }),
      DEFAULT_SETTINGS,
    );
    expect(result.penalty).toBe(75);
    expect(result.score).toBe(0);
  });

  it('weighs budget and fit as the owner sets them', () => {
    const settings = settingsWith((s) => {
      s.budgetWeight = 50;
      s.fitWeight = 50;
    });
    expect(screen(goodProspect({ monthly_budget: 3250 }), settings).score).toBe(75);
  });

  it('is a whole number', () => {
    const result = screen(goodProspect({ monthly_budget: 2270 }), DEFAULT_SETTINGS);
    expect(Number.isInteger(result.score)).toBe(true);
  });
});

describe('outcome', () => {
  describe('spam', () => {
    it.each([
      { spam: { honeypot: true, tooFast: false }, reasons: ['honeypot'] },
      { spam: { honeypot: false, tooFast: true }, reasons: ['too_fast'] },
      { spam: { honeypot: true, tooFast: true }, reasons: ['honeypot', 'too_fast'] },
    ])('marks as spam $reasons and still screens the application', ({ spam, reasons }) => {
      const result = screen(goodProspect({ results_horizon: 'weeks' }), DEFAULT_SETTINGS, spam);
      expect(result.outcome).toBe('spam');
      expect(result.spamReasons).toEqual(reasons);
      expect(result.score).toBe(85);
      expect(ruleIds(result.flags)).toEqual(['short_term']);
      expect(result.fitScore).toBe(100);
    });

    it('marks as spam before declining, and keeps the decline reasons in the breakdown', () => {
      const result = screen(goodProspect({ monthly_budget: 1000 }), DEFAULT_SETTINGS, {
        honeypot: true,
        tooFast: false,
      });
      expect(result.outcome).toBe('spam');
      expect(result.declineReasons).toEqual(['budget_below_minimum']);
    });

    it('does not mark as spam without honeypot or time trap', () => {
      const result = screen(goodProspect(), DEFAULT_SETTINGS, { honeypot: false, tooFast: false });
      expect(result.outcome).toBe('qualified');
      expect(result.spamReasons).toEqual([]);
    });
  });

  describe('declined', () => {
    it('declines a budget below the minimum even when the score alone would not', () => {
      const result = screen(goodProspect({ monthly_budget: 1499 }), DEFAULT_SETTINGS);
      expect(result.score).toBe(60);
      expect(result.outcome).toBe('declined');
      expect(result.declineReasons).toEqual(['budget_below_minimum']);
    });

    it('does not decline a budget exactly at the minimum', () => {
      const result = screen(goodProspect({ monthly_budget: 1500 }), DEFAULT_SETTINGS);
      expect(result.declineReasons).toEqual([]);
      expect(result.outcome).toBe('review');
    });

    it('declines any hard flag even with a perfect score', () => {
      const result = screen(goodProspect({ payment_terms: 'after_results' }), DEFAULT_SETTINGS);
      expect(result.score).toBe(100);
      expect(result.outcome).toBe('declined');
      expect(result.declineReasons).toEqual(['hard_flag']);
    });

    it('declines two major flags even though the score reaches the qualify threshold', () => {
      const result = screen(goodProspect({ results_horizon: 'weeks', scope_changes: 'included' }), DEFAULT_SETTINGS);
      expect(result.score).toBe(70);
      expect(result.outcome).toBe('declined');
      expect(result.declineReasons).toEqual(['too_many_major_flags']);
    });

    it('declines a major choice flag plus a different major phrase flag', () => {
      const result = screen(
        goodProspect({ previous_agencies: '3_plus', goals: `${SPECIFIC_GOALS} We want the first page.` }),
        DEFAULT_SETTINGS,
      );
      expect(ruleIds(result.flags)).toEqual(['grass_is_greener', 'guaranteed_rankings']);
      expect(result.outcome).toBe('declined');
      expect(result.declineReasons).toEqual(['too_many_major_flags']);
    });

    it('declines a score of 39, below the decline threshold of 40', () => {
      // fit 95 → 57, budget 1675 → 5 → 2, one major −15, one minor −5: 39
      const result = screen(
        goodProspect({
          decision_maker: 'shared',
          monthly_budget: 1675,
          results_horizon: 'weeks',
          anything_else: 'We need this asap.',
        }),
        DEFAULT_SETTINGS,
      );
      expect(result.score).toBe(39);
      expect(result.outcome).toBe('declined');
      expect(result.declineReasons).toEqual(['score_below_decline_threshold']);
    });

    it('does not decline a score of exactly 40, the decline threshold', () => {
      // fit 100 → 60, budget 1500 → 0, one major −15, one minor −5: 40
      const result = screen(
        goodProspect({ monthly_budget: 1500, results_horizon: 'weeks', anything_else: 'We need this asap.' }),
        DEFAULT_SETTINGS,
      );
      expect(result.score).toBe(40);
      expect(result.declineReasons).toEqual([]);
      expect(result.outcome).toBe('review');
    });

    it('lists every reason that applies', () => {
      const result = screen(
        goodProspect({
          monthly_budget: 0,
          payment_terms: 'after_results',
          results_horizon: 'weeks',
          scope_changes: 'included',
          role: 'other',
          decision_maker: 'no',
        }),
        DEFAULT_SETTINGS,
      );
      expect(result.outcome).toBe('declined');
      expect(result.declineReasons).toEqual([
        'budget_below_minimum',
        'hard_flag',
        'too_many_major_flags',
        'score_below_decline_threshold',
      ]);
    });
  });

  describe('qualified and review', () => {
    it('qualifies a score of exactly 70', () => {
      // fit 100 → 60, budget 2375 → 25 → 10: 70
      const result = screen(goodProspect({ monthly_budget: 2375 }), DEFAULT_SETTINGS);
      expect(result.score).toBe(70);
      expect(result.outcome).toBe('qualified');
    });

    it('sends a score of 69 to review', () => {
      const result = screen(goodProspect({ monthly_budget: 2270 }), DEFAULT_SETTINGS);
      expect(result.score).toBe(69);
      expect(result.outcome).toBe('review');
    });

    it('sends a score between the thresholds to review', () => {
      const result = screen(goodProspect({ monthly_budget: 3250, results_horizon: 'weeks' }), DEFAULT_SETTINGS);
      expect(result.score).toBe(65);
      expect(result.declineReasons).toEqual([]);
      expect(result.outcome).toBe('review');
    });
  });

  describe('thresholds set by the owner', () => {
    // score 65: budget 3250 (50 → 20) + fit 100 (→ 60) − one major (15)
    const answers = goodProspect({ monthly_budget: 3250, results_horizon: 'weeks' });
    const score = screen(answers, DEFAULT_SETTINGS).score;

    it('starts from a score of 65', () => {
      expect(score).toBe(65);
    });

    it('qualifies a score equal to the qualify threshold', () => {
      const settings = settingsWith((s) => {
        s.qualifyThreshold = score;
      });
      expect(screen(answers, settings).outcome).toBe('qualified');
    });

    it('sends a score one below the qualify threshold to review', () => {
      const settings = settingsWith((s) => {
        s.qualifyThreshold = score + 1;
      });
      expect(screen(answers, settings).outcome).toBe('review');
    });

    it('does not decline a score equal to the decline threshold', () => {
      const settings = settingsWith((s) => {
        s.declineThreshold = score;
      });
      const result = screen(answers, settings);
      expect(result.declineReasons).toEqual([]);
      expect(result.outcome).toBe('review');
    });

    it('declines a score one below the decline threshold', () => {
      const settings = settingsWith((s) => {
        s.declineThreshold = score + 1;
      });
      const result = screen(answers, settings);
      expect(result.declineReasons).toEqual(['score_below_decline_threshold']);
      expect(result.outcome).toBe('declined');
    });
  });
});

describe('settings changes take effect', () => {
  it('raises no flag for a disabled choice rule', () => {
    const settings = settingsWith((s) => {
      s.rules.short_term.enabled = false;
    });
    const result = screen(goodProspect({ results_horizon: 'weeks' }), settings);
    expect(result.flags).toEqual([]);
    expect(result.score).toBe(100);
  });

  it('raises no flag for a disabled phrase rule', () => {
    const settings = settingsWith((s) => {
      s.rules.guaranteed_rankings.enabled = false;
    });
    const result = screen(goodProspect({ anything_else: 'We want the first page, guaranteed results.' }), settings);
    expect(result.flags).toEqual([]);
  });

  it('does not decline a disabled hard rule', () => {
    const settings = settingsWith((s) => {
      s.rules.pays_after_results.enabled = false;
    });
    const result = screen(goodProspect({ payment_terms: 'after_results' }), settings);
    expect(result.flags).toEqual([]);
    expect(result.outcome).toBe('qualified');
  });

  it('takes minor points for a major rule made minor, and does not count it as major', () => {
    const settings = settingsWith((s) => {
      s.rules.round_the_clock.severity = 'minor';
    });
    const result = screen(goodProspect({ contact_preference: 'anytime', update_frequency: 'daily' }), settings);
    expect(result.flags.map((f) => [f.rule, f.severity, f.points])).toEqual([
      ['round_the_clock', 'minor', 5],
      ['daily_rankings', 'major', 15],
    ]);
    expect(result.penalty).toBe(20);
    expect(result.declineReasons).toEqual([]);
    expect(result.outcome).toBe('qualified');
  });

  it('declines a rule made hard', () => {
    const settings = settingsWith((s) => {
      s.rules.late_payer.severity = 'hard';
    });
    const result = screen(goodProspect({ payment_terms: 'net_60_plus' }), settings);
    expect(flagFor(result.flags, 'late_payer')).toMatchObject({ severity: 'hard', points: 0 });
    expect(result.outcome).toBe('declined');
    expect(result.declineReasons).toEqual(['hard_flag']);
  });

  it('takes points instead of declining when the hard rule is made major', () => {
    const settings = settingsWith((s) => {
      s.rules.pays_after_results.severity = 'major';
    });
    const result = screen(goodProspect({ payment_terms: 'after_results' }), settings);
    expect(result.penalty).toBe(15);
    expect(result.outcome).toBe('qualified');
  });

  it('takes a rule’s own penalty off instead of its severity’s default', () => {
    const settings = settingsWith((s) => {
      s.rules.short_term.penalty = 30;
    });
    const result = screen(goodProspect({ results_horizon: 'weeks' }), settings);
    expect(flagFor(result.flags, 'short_term').points).toBe(30);
    expect(result.penalty).toBe(30);
    expect(result.score).toBe(70);
  });

  it('takes the major penalty set by the owner', () => {
    const settings = settingsWith((s) => {
      s.penalties.major = 20;
    });
    const result = screen(goodProspect({ results_horizon: 'weeks' }), settings);
    expect(result.penalty).toBe(20);
    expect(result.score).toBe(80);
  });

  it('uses the minor cap set by the owner', () => {
    const settings = settingsWith((s) => {
      s.minorCap = 8;
    });
    const result = screen(goodProspect({ anything_else: 'Cheap, asap.' }), settings);
    expect(result.penalty).toBe(8);
  });

  it('does not decline two major flags when max_major_flags is 3, but declines three', () => {
    const settings = settingsWith((s) => {
      s.maxMajorFlags = 3;
    });
    const two = screen(goodProspect({ results_horizon: 'weeks', scope_changes: 'included' }), settings);
    expect(two.declineReasons).toEqual([]);
    expect(two.score).toBe(70);
    expect(two.outcome).toBe('qualified');

    const three = screen(
      goodProspect({ results_horizon: 'weeks', scope_changes: 'included', recommendations: 'i_decide' }),
      settings,
    );
    expect(three.declineReasons).toContain('too_many_major_flags');
    expect(three.outcome).toBe('declined');
  });

  it('raises a flag for a phrase the owner added', () => {
    const settings = settingsWith((s) => {
      s.phrases.urgency.en.push('by tomorrow');
    });
    const answers = goodProspect({ anything_else: 'We need it live by tomorrow.' });
    expect(screen(answers, DEFAULT_SETTINGS).flags).toEqual([]);
    expect(ruleIds(screen(answers, settings).flags)).toEqual(['urgency']);
  });

  it('raises no flag for a phrase the owner removed', () => {
    const settings = settingsWith((s) => {
      s.phrases.lowest_price.en = s.phrases.lowest_price.en.filter((p) => p !== 'cheap');
    });
    const answers = goodProspect({ anything_else: 'Something cheap would be nice.' });
    expect(ruleIds(screen(answers, DEFAULT_SETTINGS).flags)).toEqual(['lowest_price']);
    expect(screen(answers, settings).flags).toEqual([]);
  });

  it('leaves the default settings untouched', () => {
    expect(DEFAULT_SETTINGS.rules.short_term).toEqual({ enabled: true, severity: 'major', penalty: null });
    expect(DEFAULT_SETTINGS.maxMajorFlags).toBe(2);
    expect(DEFAULT_SETTINGS.phrases.urgency.en).toEqual(['asap', 'urgent', 'yesterday']);
  });
});
