import { describe, expect, it } from 'vitest';
import { parseAnswers, type AnswerError, type Answers } from '../../src/domain/answers.js';

// Field names, values and limits from shared/spec/questionnaire.md ("Fields").

const IDEAL_CUSTOMER = 'Owners of independent dental clinics in Lyon, 3 to 10 chairs.';
const GOALS = 'Book 40 new patients a month from local search by June.';

/** A posted form as the browser sends it: every value a string. */
function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _csrf: 'token',
    fax: '',
    started_at: '1700000000000.signature',
    submission_key: '3f1c9a',
    name: 'Ann Example',
    email: 'ann@example.com',
    company: 'Example Dental',
    website: '',
    role: 'owner',
    decision_maker: 'yes',
    used_seo_before: 'yes',
    previous_agencies: '1',
    seo_history: '',
    ideal_customer: IDEAL_CUSTOMER,
    customer_ltv: '20000',
    monthly_budget: '5000',
    goals: GOALS,
    start_timeline: 'now',
    results_horizon: 'six_months',
    update_frequency: 'monthly',
    contact_preference: 'email',
    payment_terms: 'on_invoice',
    scope_changes: 'change_request',
    recommendations: 'follow',
    anything_else: '',
    ...overrides,
  };
}

function parsed(body: Record<string, unknown>): Answers {
  const result = parseAnswers(body);
  if (!result.ok) throw new Error(`expected a valid application, got ${JSON.stringify(result.errors)}`);
  return result.answers;
}

function errors(body: Record<string, unknown>): AnswerError[] {
  const result = parseAnswers(body);
  if (result.ok) throw new Error('expected the application to be refused');
  return result.errors;
}

const errorFor = (body: Record<string, unknown>, field: string) => errors(body).filter((e) => e.field === field);

const FORM_ORDER = [
  'name',
  'email',
  'company',
  'website',
  'role',
  'decision_maker',
  'used_seo_before',
  'previous_agencies',
  'seo_history',
  'ideal_customer',
  'customer_ltv',
  'monthly_budget',
  'goals',
  'start_timeline',
  'results_horizon',
  'update_frequency',
  'contact_preference',
  'payment_terms',
  'scope_changes',
  'recommendations',
  'anything_else',
];

describe('parseAnswers: a valid application', () => {
  it('parses every field into its typed answer', () => {
    expect(parsed(validBody())).toEqual({
      name: 'Ann Example',
      email: 'ann@example.com',
      company: 'Example Dental',
      website: null,
      role: 'owner',
      decision_maker: 'yes',
      used_seo_before: 'yes',
      previous_agencies: '1',
      seo_history: null,
      ideal_customer: IDEAL_CUSTOMER,
      customer_ltv: 20_000,
      monthly_budget: 5000,
      goals: GOALS,
      start_timeline: 'now',
      results_horizon: 'six_months',
      update_frequency: 'monthly',
      contact_preference: 'email',
      payment_terms: 'on_invoice',
      scope_changes: 'change_request',
      recommendations: 'follow',
      anything_else: null,
    });
  });

  it('keeps the optional long texts when they are filled in', () => {
    const answers = parsed(validBody({ seo_history: 'One agency in 2022.', anything_else: 'Thanks!' }));
    expect(answers.seo_history).toBe('One agency in 2022.');
    expect(answers.anything_else).toBe('Thanks!');
  });

  it('trims short answers and keeps line breaks inside long ones', () => {
    const answers = parsed(validBody({ name: '  Ann Example  ', goals: `${GOALS}\r\nAnd a second line here.` }));
    expect(answers.name).toBe('Ann Example');
    expect(answers.goals).toBe(`${GOALS}\nAnd a second line here.`);
  });

  it('accepts every option value of the contract', () => {
    const options: Record<string, readonly string[]> = {
      role: ['owner', 'executive', 'marketing_manager', 'employee', 'other'],
      decision_maker: ['yes', 'shared', 'no'],
      used_seo_before: ['yes', 'no'],
      previous_agencies: ['0', '1', '2', '3_plus'],
      start_timeline: ['now', 'within_3_months', 'later', 'researching'],
      results_horizon: ['weeks', 'three_months', 'six_months', 'twelve_months_plus'],
      update_frequency: ['daily', 'weekly', 'monthly', 'quarterly'],
      contact_preference: ['email', 'scheduled_calls', 'anytime'],
      payment_terms: ['upfront', 'on_invoice', 'net_60_plus', 'after_results'],
      scope_changes: ['change_request', 'included'],
      recommendations: ['follow', 'discuss', 'i_decide'],
    };
    for (const [field, values] of Object.entries(options)) {
      for (const value of values) {
        expect(parsed(validBody({ [field]: value }))[field as keyof Answers]).toBe(value);
      }
    }
  });

  it('refuses an option value outside the contract', () => {
    expect(errorFor(validBody({ payment_terms: 'never' }), 'payment_terms')).toHaveLength(1);
    expect(errorFor(validBody({ role: 'Owner' }), 'role')).toHaveLength(1);
  });
});

describe('parseAnswers: amounts', () => {
  it.each([
    { typed: '5000', amount: 5000 },
    { typed: '5 000', amount: 5000 },
    { typed: '5,000', amount: 5000 },
    { typed: '5.000 €', amount: 5000 },
    { typed: '5\u00A0000', amount: 5000 },
    { typed: ' 5000 ', amount: 5000 },
    { typed: '0', amount: 0 },
    { typed: '1,250,000', amount: 1_250_000 },
    { typed: '100000000', amount: 100_000_000 },
  ])('reads "$typed" as $amount', ({ typed, amount }) => {
    expect(parsed(validBody({ monthly_budget: typed })).monthly_budget).toBe(amount);
    expect(parsed(validBody({ customer_ltv: typed })).customer_ltv).toBe(amount);
  });

  it.each([
    { typed: '12.5' },
    { typed: '-5' },
    { typed: 'five thousand' },
    { typed: '5,00' },
    { typed: '1e4' },
  ])('refuses "$typed" as invalid', ({ typed }) => {
    expect(errorFor(validBody({ monthly_budget: typed }), 'monthly_budget')).toEqual([
      { field: 'monthly_budget', code: 'invalid' },
    ]);
  });

  it('refuses an amount above 100,000,000 as too large, naming the limit', () => {
    expect(errorFor(validBody({ customer_ltv: '100000001' }), 'customer_ltv')).toEqual([
      { field: 'customer_ltv', code: 'too_large', limit: 100_000_000 },
    ]);
  });

  it('asks for an amount left empty', () => {
    expect(errorFor(validBody({ monthly_budget: '   ' }), 'monthly_budget')).toEqual([
      { field: 'monthly_budget', code: 'required' },
    ]);
  });
});

describe('parseAnswers: website', () => {
  it('leaves an empty website as no website', () => {
    expect(parsed(validBody({ website: '' })).website).toBeNull();
    expect(parsed(validBody({ website: '   ' })).website).toBeNull();
  });

  it('accepts a website left out of the body entirely', () => {
    const body = validBody();
    delete body.website;
    expect(parsed(body).website).toBeNull();
  });

  it.each([
    { typed: 'example.com', url: 'https://example.com' },
    { typed: 'www.example.com/about', url: 'https://www.example.com/about' },
    { typed: 'https://example.com', url: 'https://example.com' },
    { typed: 'http://example.com/page?x=1', url: 'http://example.com/page?x=1' },
  ])('reads "$typed" as $url', ({ typed, url }) => {
    expect(parsed(validBody({ website: typed })).website).toBe(url);
  });

  it.each([
    { typed: 'javascript:alert(1)' },
    { typed: 'JavaScript:alert(1)' },
    { typed: 'data:text/html,<script>alert(1)</script>' },
    { typed: 'ftp://example.com' },
    { typed: 'not a website' },
    { typed: 'localhost' },
  ])('refuses "$typed" as invalid', ({ typed }) => {
    expect(errorFor(validBody({ website: typed }), 'website')).toEqual([{ field: 'website', code: 'invalid' }]);
  });

  it('refuses a website longer than 300 characters', () => {
    const url = `https://example.com/${'a'.repeat(281)}`;
    expect(url).toHaveLength(301);
    expect(errorFor(validBody({ website: url }), 'website')).toEqual([
      { field: 'website', code: 'too_long', limit: 300 },
    ]);
  });
});

describe('parseAnswers: email', () => {
  it.each([
    { label: 'CR LF then a Bcc header', typed: 'ann@example.com\r\nBcc: eve@example.com' },
    { label: 'LF then a Bcc header', typed: 'ann@example.com\nBcc: eve@example.com' },
    { label: 'CR then a Bcc header', typed: 'ann@example.com\rBcc:eve@example.com' },
    { label: 'a Bcc header alone', typed: 'Bcc: eve@example.com' },
    { label: 'a comma then a Bcc header', typed: 'ann@example.com,Bcc:eve@example.com' },
    { label: 'two addresses', typed: 'ann@example.com eve@example.com' },
    { label: 'no domain', typed: 'ann@' },
    { label: 'no at sign', typed: 'ann.example.com' },
  ])('refuses an email with $label', ({ typed }) => {
    expect(errorFor(validBody({ email: typed }), 'email')).toEqual([{ field: 'email', code: 'invalid' }]);
  });

  it('refuses an email longer than 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(62)}.${'c'.repeat(61)}.${'d'.repeat(61)}.com`;
    expect(email).toHaveLength(254 + 1);
    expect(errorFor(validBody({ email }), 'email')).toEqual([{ field: 'email', code: 'too_long', limit: 254 }]);
  });
});

describe('parseAnswers: tampered posts', () => {
  it('refuses a field sent twice', () => {
    expect(errorFor(validBody({ email: ['ann@example.com', 'eve@example.com'] }), 'email')).toEqual([
      { field: 'email', code: 'repeated' },
    ]);
    expect(errorFor(validBody({ role: ['owner', 'owner'] }), 'role')).toEqual([{ field: 'role', code: 'repeated' }]);
  });

  it.each([
    { field: 'name', value: 'Ann\u0000Example' },
    { field: 'company', value: 'Example\u0000Dental' },
    { field: 'goals', value: `${GOALS}\u0000` },
    { field: 'anything_else', value: 'Hello\u0000' },
    { field: 'email', value: 'ann@example.com\u0000' },
    { field: 'ideal_customer', value: `${IDEAL_CUSTOMER}\u0007` },
  ])('refuses a control character in $field', ({ field, value }) => {
    expect(errorFor(validBody({ [field]: value }), field)).toEqual([{ field, code: 'control_chars' }]);
  });

  it('accepts tabs and line breaks in a long text', () => {
    expect(parsed(validBody({ goals: `${GOALS}\n\tSecond line,\r\nthird line.` })).goals).toContain('\tSecond line');
  });

  it('ignores injected fields such as score, outcome and decision', () => {
    const answers = parsed(
      validBody({ score: '100', outcome: 'qualified', decision: 'invited', flags: '', settings_version: '7' }),
    );
    expect(Object.keys(answers).sort()).toEqual([...FORM_ORDER].sort());
    expect(answers).not.toHaveProperty('score');
    expect(answers).not.toHaveProperty('outcome');
    expect(answers).not.toHaveProperty('decision');
  });

  it('leaves the hidden fields out of the answers', () => {
    const answers = parsed(validBody({ fax: 'filled by a bot' }));
    expect(answers).not.toHaveProperty('fax');
    expect(answers).not.toHaveProperty('_csrf');
    expect(answers).not.toHaveProperty('started_at');
    expect(answers).not.toHaveProperty('submission_key');
  });
});

describe('parseAnswers: required fields and lengths', () => {
  it('asks for every required field, in form order', () => {
    expect(errors({})).toEqual(
      [
        'name',
        'email',
        'company',
        'role',
        'decision_maker',
        'used_seo_before',
        'previous_agencies',
        'ideal_customer',
        'customer_ltv',
        'monthly_budget',
        'goals',
        'start_timeline',
        'results_horizon',
        'update_frequency',
        'contact_preference',
        'payment_terms',
        'scope_changes',
        'recommendations',
      ].map((field) => ({ field, code: 'required' })),
    );
  });

  it('treats an answer of only spaces as missing', () => {
    expect(errorFor(validBody({ name: '   ' }), 'name')).toEqual([{ field: 'name', code: 'required' }]);
    expect(errorFor(validBody({ goals: ' \n ' }), 'goals')).toEqual([{ field: 'goals', code: 'required' }]);
  });

  it('lists problems in form order whatever order the fields were sent in', () => {
    const body = validBody({ recommendations: '', goals: 'too short', name: '' });
    expect(errors(body).map((e) => e.field)).toEqual(['name', 'goals', 'recommendations']);
  });

  it('gives one problem per field', () => {
    const fields = errors(validBody({ email: '', ideal_customer: 'short' })).map((e) => e.field);
    expect(fields).toEqual(['email', 'ideal_customer']);
  });

  it('refuses an ideal customer shorter than 20 characters, naming the limit', () => {
    expect(errorFor(validBody({ ideal_customer: 'a'.repeat(19) }), 'ideal_customer')).toEqual([
      { field: 'ideal_customer', code: 'too_short', limit: 20 },
    ]);
  });

  it('accepts an ideal customer of exactly 20 characters', () => {
    expect(parsed(validBody({ ideal_customer: 'a'.repeat(20) })).ideal_customer).toBe('a'.repeat(20));
  });

  it('refuses goals of 2001 characters, naming the limit', () => {
    expect(errorFor(validBody({ goals: 'a'.repeat(2001) }), 'goals')).toEqual([
      { field: 'goals', code: 'too_long', limit: 2000 },
    ]);
  });

  it('accepts goals of exactly 2000 characters', () => {
    expect(parsed(validBody({ goals: 'a'.repeat(2000) })).goals).toHaveLength(2000);
  });

  it.each([
    { field: 'seo_history', max: 2000 },
    { field: 'anything_else', max: 2000 },
    { field: 'name', max: 120 },
    { field: 'company', max: 160 },
  ])('refuses $field longer than $max characters', ({ field, max }) => {
    expect(errorFor(validBody({ [field]: 'a'.repeat(max + 1) }), field)).toEqual([
      { field, code: 'too_long', limit: max },
    ]);
  });

  it('refuses a line break in a one-line answer', () => {
    expect(errorFor(validBody({ company: 'Example\nDental' }), 'company')).toEqual([
      { field: 'company', code: 'invalid' },
    ]);
  });
});

describe('parseAnswers: raw values for re-rendering', () => {
  it('keeps what the prospect typed, field by field, when the application is refused', () => {
    const body = validBody({ name: '  Ann  ', monthly_budget: '12.5', goals: 'too short', website: 'javascript:alert(1)' });
    const result = parseAnswers(body);
    expect(result.ok).toBe(false);
    expect(result.raw).toMatchObject({
      name: '  Ann  ',
      email: 'ann@example.com',
      monthly_budget: '12.5',
      goals: 'too short',
      website: 'javascript:alert(1)',
      ideal_customer: IDEAL_CUSTOMER,
      payment_terms: 'on_invoice',
    });
  });

  it('keeps a raw value for every questionnaire field and nothing else', () => {
    const result = parseAnswers(validBody({ score: '100', monthly_budget: 'lots' }));
    expect(Object.keys(result.raw).sort()).toEqual([...FORM_ORDER].sort());
    expect(result.raw.monthly_budget).toBe('lots');
  });

  it('keeps the raw values of a valid application too', () => {
    const result = parseAnswers(validBody({ monthly_budget: '5.000 €' }));
    expect(result.ok).toBe(true);
    expect(result.raw.monthly_budget).toBe('5.000 €');
  });
});
