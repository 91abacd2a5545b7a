import { z } from 'zod';
import {
  CONTACT_PREFERENCE,
  DECISION_MAKER,
  FIELDS,
  LONG_TEXT_MAX,
  MAX_AMOUNT,
  PAYMENT_TERMS,
  PREVIOUS_AGENCIES,
  RECOMMENDATIONS,
  RESULTS_HORIZON,
  ROLES,
  SCOPE_CHANGES,
  START_TIMELINE,
  UPDATE_FREQUENCY,
  YES_NO,
  type Field,
} from './questionnaire.js';

/**
 * Error codes, not sentences: the web layer turns `field` + `code` into words
 * in the prospect's language. `required` reads "Enter your name" or "Select
 * your role" depending on the field.
 */
export type AnswerErrorCode =
  | 'required'
  | 'too_short'
  | 'too_long'
  | 'invalid'
  | 'too_large'
  | 'repeated'
  | 'control_chars';

export interface AnswerError {
  field: string;
  code: AnswerErrorCode;
  /** The limit that was crossed, for messages such as "120 characters or fewer". */
  limit?: number;
}

// C0 control characters other than tab, line feed and carriage return (NUL
// included): PostgreSQL refuses NUL in text and none belongs in an answer.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAKS = /[\r\n\u2028\u2029]/;

const code = (c: AnswerErrorCode) => ({ error: c });

/** Empty reads "required"; present but shorter than `min` reads "too short". */
const requiredLength = (min: number, max: number) => {
  let schema = z.string();
  if (min >= 1) schema = schema.min(1, code('required'));
  if (min > 1) schema = schema.min(min, code('too_short'));
  return schema.max(max, code('too_long'));
};

const singleLine = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => !LINE_BREAKS.test(s), code('invalid'))
    .pipe(requiredLength(min, max));

const longText = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(requiredLength(min, max));

const optionalLongText = (max: number) =>
  longText(0, max).transform((s) => (s === '' ? null : s));

const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, code('required'));

/**
 * Whole amounts as people type them: "5000", "5 000", "5,000", "5.000 €".
 * Separators must group exactly three digits so "12.5" is refused rather
 * than read as 125.
 */
const amount = z
  .string()
  .trim()
  .min(1, code('required'))
  .transform((s, ctx) => {
    const compact = s.replace(/[\s\u00A0\u202F€$£]|EUR|USD|GBP/gi, '');
    if (!/^\d{1,3}([.,]\d{3})*$|^\d+$/.test(compact)) {
      ctx.addIssue({ code: 'custom', message: 'invalid' });
      return z.NEVER;
    }
    return Number(compact.replace(/[.,]/g, ''));
  })
  .pipe(z.number().int().max(MAX_AMOUNT, code('too_large')));

const website = z
  .string()
  .trim()
  .max(300, code('too_long'))
  .transform((s, ctx) => {
    if (s === '') return null;
    const candidate = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`;
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.') && !/\s/.test(s)) {
        return candidate;
      }
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: 'invalid' });
    return z.NEVER;
  })
  .pipe(z.string().max(300, code('too_long')).nullable());

export const answersSchema = z.object({
  name: singleLine(1, 120),
  email: z
    .string()
    .trim()
    .min(1, code('required'))
    .max(254, code('too_long'))
    .pipe(z.email(code('invalid'))),
  company: singleLine(1, 160),
  website,
  role: choice(ROLES),
  decision_maker: choice(DECISION_MAKER),
  used_seo_before: choice(YES_NO),
  previous_agencies: choice(PREVIOUS_AGENCIES),
  seo_history: optionalLongText(LONG_TEXT_MAX),
  ideal_customer: longText(20, LONG_TEXT_MAX),
  customer_ltv: amount,
  monthly_budget: amount,
  goals: longText(20, LONG_TEXT_MAX),
  start_timeline: choice(START_TIMELINE),
  results_horizon: choice(RESULTS_HORIZON),
  update_frequency: choice(UPDATE_FREQUENCY),
  contact_preference: choice(CONTACT_PREFERENCE),
  payment_terms: choice(PAYMENT_TERMS),
  scope_changes: choice(SCOPE_CHANGES),
  recommendations: choice(RECOMMENDATIONS),
  anything_else: optionalLongText(LONG_TEXT_MAX),
});

/** A validated application: what screening reads and the database stores. */
export type Answers = z.infer<typeof answersSchema>;

/** What the prospect typed, field by field, to put back in the form. */
export type RawAnswers = Record<string, string>;

export type ParseResult =
  | { ok: true; answers: Answers; raw: RawAnswers }
  | { ok: false; errors: AnswerError[]; raw: RawAnswers };

const FIELD_BY_NAME = new Map<string, Field>(FIELDS.map((f) => [f.name, f]));

function limitFor(field: Field, errorCode: AnswerErrorCode): number | undefined {
  if (errorCode === 'too_long' || errorCode === 'too_large') return field.kind === 'choice' ? undefined : field.max;
  if (errorCode === 'too_short' && (field.kind === 'text' || field.kind === 'longtext')) return field.min;
  return undefined;
}

/**
 * Validates a posted application. Only questionnaire fields are read: any
 * other key (`score`, `outcome`, …) is ignored. A field sent twice or holding
 * control characters is refused rather than guessed at.
 */
export function parseAnswers(body: Record<string, unknown>): ParseResult {
  const raw: RawAnswers = {};
  const errors: AnswerError[] = [];
  const input: Record<string, string> = {};

  for (const field of FIELDS) {
    const value = body[field.name];
    if (Array.isArray(value)) {
      raw[field.name] = String(value[value.length - 1] ?? '');
      errors.push({ field: field.name, code: 'repeated' });
      continue;
    }
    const text = typeof value === 'string' ? value : '';
    raw[field.name] = text;
    if (CONTROL_CHARS.test(text)) {
      errors.push({ field: field.name, code: 'control_chars' });
      continue;
    }
    input[field.name] = text;
  }

  const rejected = new Set(errors.map((e) => e.field));
  const result = answersSchema.safeParse(input);
  if (result.success && errors.length === 0) {
    return { ok: true, answers: result.data, raw };
  }
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '');
      if (rejected.has(name)) continue;
      rejected.add(name); // one message per field: the first problem found
      const field = FIELD_BY_NAME.get(name);
      const errorCode = (isErrorCode(issue.message) ? issue.message : 'invalid') as AnswerErrorCode;
      const limit = field ? limitFor(field, errorCode) : undefined;
      errors.push(limit === undefined ? { field: name, code: errorCode } : { field: name, code: errorCode, limit });
    }
  }
  // Keep errors in form order so the summary reads top to bottom.
  const order = new Map(FIELDS.map((f, i) => [f.name, i]));
  errors.sort((a, b) => (order.get(a.field) ?? 0) - (order.get(b.field) ?? 0));
  return { ok: false, errors, raw };
}

const ERROR_CODES: ReadonlySet<string> = new Set<AnswerErrorCode>([
  'required',
  'too_short',
  'too_long',
  'invalid',
  'too_large',
  'repeated',
  'control_chars',
]);
function isErrorCode(message: string): message is AnswerErrorCode {
  return ERROR_CODES.has(message);
}
