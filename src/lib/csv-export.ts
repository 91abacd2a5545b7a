import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ApplicationRow } from '../db/schema.js';
import { FIELD_NAMES } from '../domain/questionnaire.js';

/**
 * The applicants CSV (shared/spec/contract.md, "CSV export"): UTF-8 with a
 * byte order mark so Excel reads accented names, a header row, RFC 4180
 * quoting and CRLF record ends, and every cell neutralised against formula
 * injection.
 */

const FIXED_COLUMNS = [
  'id',
  'submitted_at',
  'name',
  'email',
  'company',
  'score',
  'budget_score',
  'fit_score',
  'outcome',
  'decision',
  'red_flags',
] as const;

/** name, email and company are already fixed columns: not repeated. */
const ANSWER_COLUMNS: readonly string[] = FIELD_NAMES.filter(
  (name) => !(FIXED_COLUMNS as readonly string[]).includes(name),
);

/** The header row, in order. */
export const CSV_COLUMNS: readonly string[] = Object.freeze([...FIXED_COLUMNS, ...ANSWER_COLUMNS]);

/** First characters a spreadsheet may read as the start of a formula. */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Spreadsheet formula-injection defence (OWASP "CSV Injection"): a cell whose
 * text starts with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
 * `'`, the text kept. Anything else is returned unchanged.
 */
export function neutraliseCell(value: string): string {
  const first = value.charAt(0);
  return FORMULA_STARTS.has(first) ? `'${value}` : value;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** One record, values as text, in the order of `CSV_COLUMNS`. */
export function applicationCsvRecord(row: ApplicationRow): string[] {
  const answers = row.answers as unknown as Record<string, unknown>;
  const fixed: unknown[] = [
    row.id,
    row.submittedAt.toISOString(),
    row.name,
    row.email,
    row.company,
    row.score,
    row.budgetScore,
    row.fitScore,
    row.outcome,
    row.decision,
    row.redFlags.join(';'),
  ];
  const fromAnswers = ANSWER_COLUMNS.map((name) => answers[name]);
  return [...fixed, ...fromAnswers].map((value) => neutraliseCell(cellText(value)));
}

async function* records(rows: AsyncIterable<ApplicationRow>): AsyncGenerator<string[]> {
  for await (const row of rows) yield applicationCsvRecord(row);
}

/**
 * Streams the rows as CSV text. Rows are pulled one at a time with
 * backpressure, so an export of any size is never held in memory. An export
 * with no rows still holds the BOM and the header row. An error from `rows`
 * destroys the returned stream with that error.
 */
export function applicationsCsv(rows: AsyncIterable<ApplicationRow>): Readable {
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    // With a record_delimiter set, csv-stringify would otherwise quote only
    // fields holding CRLF itself and leave a bare CR or LF unquoted.
    quote_record_delimiter: true,
  });
  pipeline(Readable.from(records(rows)), stringifier, () => {
    // pipeline destroys every stream on failure: consumers see the error on
    // the returned stream, so nothing more to do here.
  });
  return stringifier;
}
