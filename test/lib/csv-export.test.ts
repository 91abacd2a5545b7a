import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/domain/answers.js';
import type { ApplicationRow, Breakdown } from '../../src/db/schema.js';
import { FIELD_NAMES } from '../../src/domain/questionnaire.js';
import {
  applicationCsvRecord,
  applicationsCsv,
  CSV_COLUMNS,
  neutraliseCell,
} from '../../src/lib/csv-export.js';

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const EXPECTED_HEADER =
  'id,submitted_at,name,email,company,score,budget_score,fit_score,outcome,decision,red_flags,' +
  'website,role,decision_maker,used_seo_before,previous_agencies,seo_history,ideal_customer,' +
  'customer_ltv,monthly_budget,goals,start_timeline,results_horizon,update_frequency,' +
  'contact_preference,payment_terms,scope_changes,recommendations,anything_else';

function answers(overrides: Partial<Answers> = {}): Answers {
  return {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    company: 'Analytical Engines Ltd',
    website: 'https://engines.example.com',
    role: 'owner',
    decision_maker: 'yes',
    used_seo_before: 'yes',
    previous_agencies: '1',
    seo_history: 'One agency in 2021, mostly link building.',
    ideal_customer: 'Mid-sized manufacturers in Lyon with 50 to 200 staff.',
    customer_ltv: 12000,
    monthly_budget: 3000,
    goals: 'Twenty qualified leads a month by the end of next year.',
    start_timeline: 'within_3_months',
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

function breakdown(): Breakdown {
  return {
    budgetScore: 60,
    fitScore: 70,
    weighted: 65,
    penalty: 10,
    flags: [
      {
        rule: 'urgency',
        severity: 'minor',
        points: 5,
        nominalPoints: 5,
        evidence: [{ kind: 'phrase', field: 'goals', phrase: 'asap', text: 'ASAP', start: 0, end: 4 }],
      },
    ],
    fit: {
      authority: { points: 20, max: 25, role: 15, decisionMaker: 5 },
      timing: { points: 15, max: 15 },
      economics: { points: 15, max: 20 },
      clarity: { points: 15, max: 25, signals: { detail: 5, who: 5, where: 5, how_many: 0, by_when: 0 } },
      experience: { points: 5, max: 15 },
    },
    declineReasons: [],
    spamReasons: [],
  };
}

let sequence = 0;
function makeRow(overrides: Partial<ApplicationRow> = {}, answerOverrides: Partial<Answers> = {}): ApplicationRow {
  sequence += 1;
  const a = answers(answerOverrides);
  const submittedAt = new Date(Date.UTC(2025, 2, 14, 9, 30, 15, 123));
  return {
    id: `6f1c2b4e-8a3d-4c5e-9f7a-${String(sequence).padStart(12, '0')}`,
    submittedAt,
    language: 'en',
    submissionKey: `key-${sequence}`,
    name: a.name,
    email: a.email,
    company: a.company,
    monthlyBudget: a.monthly_budget,
    answers: a,
    budgetScore: 60,
    fitScore: 70,
    score: 55,
    outcome: 'review',
    redFlags: ['urgency'],
    breakdown: breakdown(),
    settingsVersion: 1,
    decision: 'undecided',
    bookingOpenedAt: null,
    createdAt: submittedAt,
    updatedAt: submittedAt,
    ...overrides,
  };
}

async function* iterate<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function exportBytes(rows: AsyncIterable<ApplicationRow>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of applicationsCsv(rows)) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The CSV text without its byte order mark (asserts the mark is there). */
async function exportText(rows: ApplicationRow[]): Promise<string> {
  const bytes = await exportBytes(iterate(rows));
  expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
  return bytes.subarray(3).toString('utf8');
}

// ---------------------------------------------------------------------------
// A strict RFC 4180 parser, for verification only (csv-parse is not
// installed). Records must end with CRLF; a bare CR or LF outside quotes, a
// quote inside an unquoted field or text after a closing quote is an error.
// ---------------------------------------------------------------------------

function parseRfc4180(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  if (text.length === 0) return records;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += ch;
        i += 1;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`quote inside unquoted field at ${i}`);
        field += text[i];
        i += 1;
      }
    }
    record.push(field);
    if (i >= text.length) throw new Error('last record does not end with CRLF');
    const ch = text[i];
    if (ch === ',') {
      i += 1;
      continue;
    }
    if (ch === '\r' && text[i + 1] === '\n') {
      records.push(record);
      record = [];
      i += 2;
      if (i === text.length) return records;
      continue;
    }
    throw new Error(`unexpected ${JSON.stringify(ch)} at ${i}`);
  }
}

describe('verification parser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks and rejects bare LF record ends', () => {
    expect(parseRfc4180('a,"b,c","d""e","f\r\ng"\r\n,x\r\n')).toEqual([
      ['a', 'b,c', 'd"e', 'f\r\ng'],
      ['', 'x'],
    ]);
    expect(() => parseRfc4180('a,b\n')).toThrow();
    expect(() => parseRfc4180('a,b')).toThrow();
    expect(() => parseRfc4180('a"b\r\n')).toThrow();
  });
});

// ---------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------

describe('CSV_COLUMNS', () => {
  it('is the fixed columns then every questionnaire field except name, email and company, in form order', () => {
    expect(CSV_COLUMNS.join(',')).toBe(EXPECTED_HEADER);
    expect(CSV_COLUMNS.slice(11)).toEqual(FIELD_NAMES.filter((n) => !['name', 'email', 'company'].includes(n)));
    expect(new Set(CSV_COLUMNS).size).toBe(CSV_COLUMNS.length);
  });
});

// ---------------------------------------------------------------------------
// neutraliseCell
// ---------------------------------------------------------------------------

describe('neutraliseCell', () => {
  it.each([
    ['=', '=SUM(A1:A2)'],
    ['+', '+33 6 12 34 56 78'],
    ['-', '-2+3'],
    ['@', '@SUM(1)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('prefixes a single quote and keeps the text when the cell starts with %s', (_label, value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it.each(['a=b', 'Zoé Léa Müller', ' =1+1', "'=already", '', '12000', 'x\t=1', 'x\r\n=1'])(
    'leaves %j unchanged because it does not start with a formula character',
    (value) => {
      expect(neutraliseCell(value)).toBe(value);
    },
  );
});

// ---------------------------------------------------------------------------
// applicationCsvRecord
// ---------------------------------------------------------------------------

describe('applicationCsvRecord', () => {
  it('gives one text value per column, in the order of CSV_COLUMNS', () => {
    const row = makeRow(
      { score: 81, budgetScore: 90, fitScore: 72, outcome: 'qualified', decision: 'invited' },
      { website: null, seo_history: null, anything_else: 'Merci !' },
    );
    const record = applicationCsvRecord(row);
    expect(record).toHaveLength(CSV_COLUMNS.length);
    const byColumn = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, record[i]]));
    expect(byColumn).toEqual({
      id: row.id,
      submitted_at: '2025-03-14T09:30:15.123Z',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      company: 'Analytical Engines Ltd',
      score: '81',
      budget_score: '90',
      fit_score: '72',
      outcome: 'qualified',
      decision: 'invited',
      red_flags: 'urgency',
      website: '',
      role: 'owner',
      decision_maker: 'yes',
      used_seo_before: 'yes',
      previous_agencies: '1',
      seo_history: '',
      ideal_customer: 'Mid-sized manufacturers in Lyon with 50 to 200 staff.',
      customer_ltv: '12000',
      monthly_budget: '3000',
      goals: 'Twenty qualified leads a month by the end of next year.',
      start_timeline: 'within_3_months',
      results_horizon: 'six_months',
      update_frequency: 'monthly',
      contact_preference: 'email',
      payment_terms: 'on_invoice',
      scope_changes: 'change_request',
      recommendations: 'follow',
      anything_else: 'Merci !',
    });
    for (const value of record) expect(typeof value).toBe('string');
  });

  it('joins red flag rule ids with semicolons, and leaves red_flags empty when there are none', () => {
    const col = CSV_COLUMNS.indexOf('red_flags');
    const flagged = makeRow({ redFlags: ['urgency', 'late_payer', 'guaranteed_rankings'] });
    expect(applicationCsvRecord(flagged)[col]).toBe('urgency;late_payer;guaranteed_rankings');
    expect(applicationCsvRecord(makeRow({ redFlags: [] }))[col]).toBe('');
  });

  it('writes submitted_at as an ISO 8601 UTC timestamp', () => {
    const row = makeRow({ submittedAt: new Date('2024-12-31T23:59:59.001+02:00') });
    const value = applicationCsvRecord(row)[CSV_COLUMNS.indexOf('submitted_at')];
    expect(value).toBe('2024-12-31T21:59:59.001Z');
    expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('writes amounts as plain digits without thousands separators or exponent', () => {
    const row = makeRow({}, { customer_ltv: 100_000_000, monthly_budget: 12000 });
    const record = applicationCsvRecord(row);
    expect(record[CSV_COLUMNS.indexOf('customer_ltv')]).toBe('100000000');
    expect(record[CSV_COLUMNS.indexOf('monthly_budget')]).toBe('12000');
  });

  it('neutralises fixed columns and answers alike', () => {
    const row = makeRow({ name: '=1+1', company: '@corp' }, { goals: '-goals', website: '+x' });
    const record = applicationCsvRecord(row);
    expect(record[CSV_COLUMNS.indexOf('name')]).toBe("'=1+1");
    expect(record[CSV_COLUMNS.indexOf('company')]).toBe("'@corp");
    expect(record[CSV_COLUMNS.indexOf('goals')]).toBe("'-goals");
    expect(record[CSV_COLUMNS.indexOf('website')]).toBe("'+x");
  });
});

// ---------------------------------------------------------------------------
// applicationsCsv
// ---------------------------------------------------------------------------

describe('applicationsCsv', () => {
  it('starts with the UTF-8 byte order mark and then the exact header row ending in CRLF', async () => {
    const bytes = await exportBytes(iterate([makeRow()]));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith(`${EXPECTED_HEADER}\r\n`)).toBe(true);
  });

  it('holds the BOM and the header row only when there are no rows', async () => {
    const bytes = await exportBytes(iterate([]));
    expect(bytes.equals(Buffer.concat([BOM, Buffer.from(`${EXPECTED_HEADER}\r\n`, 'utf8')]))).toBe(true);
  });

  it('encodes a French name as UTF-8 bytes that decode back to the same name', async () => {
    const french = 'Zoé Léa Müller';
    const row = makeRow(
      { name: french, company: 'Société Générale des Crêpes' },
      { name: french, company: 'Société Générale des Crêpes', anything_else: 'À bientôt, ça marche ?' },
    );
    const bytes = await exportBytes(iterate([row]));
    expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
    // é is C3 A9 and ü is C3 BC in UTF-8 (not Latin-1 E9 / FC).
    const nameBytes = Buffer.from([
      0x5a, 0x6f, 0xc3, 0xa9, 0x20, 0x4c, 0xc3, 0xa9, 0x61, 0x20, 0x4d, 0xc3, 0xbc, 0x6c, 0x6c, 0x65, 0x72,
    ]);
    expect(bytes.includes(nameBytes)).toBe(true);
    const records = parseRfc4180(bytes.subarray(3).toString('utf8'));
    expect(records[1]![CSV_COLUMNS.indexOf('name')]).toBe(french);
    expect(records[1]![CSV_COLUMNS.indexOf('company')]).toBe('Société Générale des Crêpes');
    expect(records[1]![CSV_COLUMNS.indexOf('anything_else')]).toBe('À bientôt, ça marche ?');
  });

  it('ends every record with CRLF', async () => {
    const text = await exportText([makeRow(), makeRow()]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(4); // header, two records, trailing empty
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('quotes answers holding commas, double quotes, CR or LF, doubling inner quotes', async () => {
    const row = makeRow(
      { company: 'Dupont, Fils & Cie' },
      {
        company: 'Dupont, Fils & Cie',
        goals: 'Line one\nLine two\r\nLine three\rend',
        ideal_customer: 'Only a line feed\nhere',
        seo_history: 'They said "page one in a week"',
        anything_else: 'plain text',
      },
    );
    const text = await exportText([row]);
    expect(text).toContain(',"Dupont, Fils & Cie",');
    expect(text).toContain(',"They said ""page one in a week""",');
    expect(text).toContain(',"Line one\nLine two\r\nLine three\rend",');
    expect(text).toContain(',"Only a line feed\nhere",');
    expect(text).toContain(',plain text\r\n');
    expect(text).not.toContain('"plain text"');
    const records = parseRfc4180(text);
    expect(records).toHaveLength(2);
    expect(records[1]![CSV_COLUMNS.indexOf('company')]).toBe('Dupont, Fils & Cie');
    expect(records[1]![CSV_COLUMNS.indexOf('seo_history')]).toBe('They said "page one in a week"');
    expect(records[1]![CSV_COLUMNS.indexOf('goals')]).toBe('Line one\nLine two\r\nLine three\rend');
    expect(records[1]![CSV_COLUMNS.indexOf('ideal_customer')]).toBe('Only a line feed\nhere');
  });

  it.each([
    ['a bare LF', 'first\nsecond'],
    ['a bare CR', 'first\rsecond'],
    ['a comma alone', 'first,second'],
    ['a double quote alone', 'say "hi"'],
  ])('quotes a cell holding %s so it stays one field', async (_label, value) => {
    const row = makeRow({}, { anything_else: value });
    const text = await exportText([row]);
    expect(text.endsWith(`,"${value.replace(/"/g, '""')}"\r\n`)).toBe(true);
    const records = parseRfc4180(text);
    expect(records).toHaveLength(2);
    expect(records[1]![CSV_COLUMNS.indexOf('anything_else')]).toBe(value);
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.example","x")'],
    ['+', '+1+cmd|" /C calc"!A0'],
    ['-', '-1+1'],
    ['@', '@SUM(1+1)*cmd|" /C calc"!A0'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('neutralises a name and a long-text answer starting with %s, keeping the text', async (_label, payload) => {
    const row = makeRow({ name: payload }, { name: payload, goals: `${payload} more words in the goals answer` });
    const text = await exportText([row]);
    const record = parseRfc4180(text)[1]!;
    expect(record[CSV_COLUMNS.indexOf('name')]).toBe(`'${payload}`);
    expect(record[CSV_COLUMNS.indexOf('goals')]).toBe(`'${payload} more words in the goals answer`);
    // No cell in the raw output begins with a formula character.
    for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes =HYPERLINK("x") as a quoted cell with the leading quote and doubled inner quotes', async () => {
    const row = makeRow({}, { anything_else: '=HYPERLINK("x")' });
    const text = await exportText([row]);
    expect(text).toContain(`,"'=HYPERLINK(""x"")"\r\n`);
  });

  it('adds no single quote to cells that do not start with a formula character', async () => {
    const row = makeRow(
      { name: 'a=b', company: 'O’Neil & Co' },
      { name: 'a=b', company: 'O’Neil & Co', goals: 'grow 20% - fast + steady @ scale', anything_else: ' =1+1' },
    );
    const text = await exportText([row]);
    const record = parseRfc4180(text)[1]!;
    expect(record[CSV_COLUMNS.indexOf('name')]).toBe('a=b');
    expect(record[CSV_COLUMNS.indexOf('company')]).toBe('O’Neil & Co');
    expect(record[CSV_COLUMNS.indexOf('goals')]).toBe('grow 20% - fast + steady @ scale');
    expect(record[CSV_COLUMNS.indexOf('anything_else')]).toBe(' =1+1');
    expect(text).not.toContain("'");
  });

  it('parses back to the input values of every row', async () => {
    const rows = [
      makeRow(
        { outcome: 'qualified', decision: 'invited', score: 88, budgetScore: 100, fitScore: 76, redFlags: [] },
        { website: null, anything_else: 'Line 1\nLine 2, with "quotes"' },
      ),
      makeRow(
        {
          outcome: 'spam',
          decision: 'rejected',
          score: 0,
          budgetScore: 0,
          fitScore: 0,
          redFlags: ['pays_after_results', 'scope_creep'],
          submittedAt: new Date('2025-01-02T03:04:05.000Z'),
        },
        { seo_history: null, customer_ltv: 0, monthly_budget: 500, payment_terms: 'after_results' },
      ),
    ];
    const records = parseRfc4180(await exportText(rows));
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(rows.length + 1);
    rows.forEach((row, index) => {
      const record = records[index + 1]!;
      const cell = (column: string) => record[CSV_COLUMNS.indexOf(column)];
      expect(cell('id')).toBe(row.id);
      expect(cell('submitted_at')).toBe(row.submittedAt.toISOString());
      expect(cell('name')).toBe(row.name);
      expect(cell('email')).toBe(row.email);
      expect(cell('company')).toBe(row.company);
      expect(cell('score')).toBe(String(row.score));
      expect(cell('budget_score')).toBe(String(row.budgetScore));
      expect(cell('fit_score')).toBe(String(row.fitScore));
      expect(cell('outcome')).toBe(row.outcome);
      expect(cell('decision')).toBe(row.decision);
      expect(cell('red_flags')).toBe(row.redFlags.join(';'));
      const given = row.answers as unknown as Record<string, string | number | null>;
      for (const name of CSV_COLUMNS.slice(11)) {
        const value = given[name];
        expect(cell(name), name).toBe(value === null || value === undefined ? '' : String(value));
      }
      expect(record).toEqual(applicationCsvRecord(row));
    });
  });

  it('streams 20,000 generated rows as 20,001 records (header included)', async () => {
    const total = 20_000;
    async function* generate(): AsyncGenerator<ApplicationRow> {
      const base = makeRow({}, { goals: 'Grow, "fast"\nand well.' });
      for (let i = 0; i < total; i += 1) {
        yield { ...base, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, score: i % 101 };
      }
    }
    const bytes = await exportBytes(generate());
    const records = parseRfc4180(bytes.subarray(3).toString('utf8'));
    expect(records).toHaveLength(total + 1);
    expect(records[total]![0]).toBe(`00000000-0000-4000-8000-${String(total - 1).padStart(12, '0')}`);
    for (const record of records) expect(record).toHaveLength(CSV_COLUMNS.length);
  });

  it('pulls rows only as the output is read rather than draining the source first', async () => {
    let produced = 0;
    let closed = false;
    const base = makeRow();
    async function* endless(): AsyncGenerator<ApplicationRow> {
      try {
        for (let i = 0; i < 1_000_000; i += 1) {
          produced += 1;
          yield base;
        }
      } finally {
        closed = true;
      }
    }
    const stream = applicationsCsv(endless());
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    // Give the pipeline time to fill its buffers, then check it stopped.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBeGreaterThan(0);
    expect(produced).toBeLessThan(5_000);
    await iterator.return?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
  });

  it('fails the output stream when the source of rows fails', async () => {
    async function* failing(): AsyncGenerator<ApplicationRow> {
      yield makeRow();
      throw new Error('database connection lost');
    }
    await expect(exportBytes(failing())).rejects.toThrow('database connection lost');
  });
});
