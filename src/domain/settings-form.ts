import { z } from 'zod';
import {
  PHRASE_RULE_IDS,
  RULE_IDS,
  SEVERITIES,
  settingsSchema,
  type PhraseRuleId,
  type RuleId,
  type Settings,
  type Severity,
} from './settings.js';

/**
 * The settings page as form fields: names are public (contract.md lists the
 * first six), values are what the owner typed. A field left out of a POST
 * keeps its current value, so a script may change one threshold alone.
 */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN'] as const;

export const NUMBER_FIELDS = {
  min_monthly_budget: { min: 0, max: 100_000_000 },
  target_monthly_budget: { min: 0, max: 100_000_000 },
  target_ltv: { min: 1, max: 100_000_000 },
  qualify_threshold: { min: 0, max: 100 },
  decline_threshold: { min: 0, max: 100 },
  max_major_flags: { min: 1, max: 20 },
  budget_weight: { min: 0, max: 100 },
  fit_weight: { min: 0, max: 100 },
  penalty_major: { min: 0, max: 100 },
  penalty_minor: { min: 0, max: 100 },
  minor_cap: { min: 0, max: 100 },
  auto_decline_delay_hours: { min: 1, max: 720 },
} as const;
export type NumberField = keyof typeof NUMBER_FIELDS;

const CHECKBOXES = new Set(['daily_digest', 'auto_decline']);

/** Shown as dots in the version history: a secret is not for reading back. */
export const SECRET_FIELDS = new Set(['webhook_secret']);

export const PHRASE_MAX_LENGTH = 200;
export const PHRASES_PER_LIST = 500;
export const NOTIFY_EMAILS_MAX = 20;

export type SettingsFormErrorCode =
  | 'required'
  | 'not_a_number'
  | 'too_small'
  | 'too_large'
  | 'repeated'
  | 'decline_not_below_qualify'
  | 'min_above_target'
  | 'weights_not_100'
  | 'empty_phrase_line'
  | 'phrase_too_long'
  | 'too_many_phrases'
  | 'invalid_url'
  | 'invalid_email'
  | 'too_many_emails'
  | 'invalid_severity'
  | 'invalid_currency'
  | 'comment_too_long'
  | 'webhook_secret_required'
  | 'webhook_secret_too_short';

export interface SettingsFormError {
  field: string;
  code: SettingsFormErrorCode;
  limit?: number;
}

export const ruleField = (id: RuleId, part: 'enabled' | 'severity' | 'penalty') => `rule_${id}_${part}`;
export const phraseField = (id: PhraseRuleId, lang: 'en' | 'fr') => `phrases_${id}_${lang}`;

/** The form's values for a settings version: what the page shows. */
export function settingsToForm(settings: Settings): Record<string, string> {
  const form: Record<string, string> = {
    min_monthly_budget: String(settings.minMonthlyBudget),
    target_monthly_budget: String(settings.targetMonthlyBudget),
    target_ltv: String(settings.targetLtv),
    qualify_threshold: String(settings.qualifyThreshold),
    decline_threshold: String(settings.declineThreshold),
    max_major_flags: String(settings.maxMajorFlags),
    budget_weight: String(settings.budgetWeight),
    fit_weight: String(settings.fitWeight),
    penalty_major: String(settings.penalties.major),
    penalty_minor: String(settings.penalties.minor),
    minor_cap: String(settings.minorCap),
    booking_url: settings.bookingUrl ?? '',
    notify_emails: settings.notifyEmails.join('\n'),
    currency: settings.currency,
    daily_digest: settings.dailyDigest ? '1' : '0',
    auto_decline: settings.autoDecline.enabled ? '1' : '0',
    auto_decline_delay_hours: String(settings.autoDecline.delayHours),
    webhook_url: settings.webhookUrl ?? '',
    webhook_secret: settings.webhookSecret ?? '',
  };
  for (const id of RULE_IDS) {
    const rule = settings.rules[id];
    form[ruleField(id, 'enabled')] = rule.enabled ? '1' : '0';
    form[ruleField(id, 'severity')] = rule.severity;
    form[ruleField(id, 'penalty')] = rule.penalty === null ? '' : String(rule.penalty);
  }
  for (const id of PHRASE_RULE_IDS) {
    form[phraseField(id, 'en')] = settings.phrases[id].en.join('\n');
    form[phraseField(id, 'fr')] = settings.phrases[id].fr.join('\n');
  }
  return form;
}

export type SettingsFormResult =
  | { ok: true; settings: Settings; comment: string | null; raw: Record<string, string> }
  | { ok: false; errors: SettingsFormError[]; raw: Record<string, string> };

const WHOLE = /^\s*\d+\s*$/;
const emailSchema = z.email();

/**
 * Reads a posted settings form over the version in force. Pure: returns the
 * new settings, or every problem found with the field it belongs to.
 */
export function parseSettingsForm(body: Record<string, unknown>, current: Settings): SettingsFormResult {
  const raw = settingsToForm(current);
  const errors: SettingsFormError[] = [];
  const fail = (field: string, code: SettingsFormErrorCode, limit?: number) =>
    errors.push(limit === undefined ? { field, code } : { field, code, limit });

  // A checkbox posts a hidden "0" and, when ticked, a "1" after it: the last value wins.
  const take = (field: string, allowRepeat = false): string | undefined => {
    const value = body[field];
    if (value === undefined) return undefined;
    if (Array.isArray(value)) {
      if (!allowRepeat) {
        fail(field, 'repeated');
        return undefined;
      }
      const last = value[value.length - 1];
      return typeof last === 'string' ? last : undefined;
    }
    return typeof value === 'string' ? value : undefined;
  };
  for (const key of Object.keys(raw)) {
    const value = take(key, CHECKBOXES.has(key) || key.endsWith('_enabled'));
    if (value !== undefined) raw[key] = value;
  }
  const comment = typeof body.comment === 'string' ? body.comment.trim() : '';
  if (Array.isArray(body.comment)) fail('comment', 'repeated');
  if (comment.length > 500) fail('comment', 'comment_too_long', 500);

  const numbers = {} as Record<NumberField, number>;
  for (const [field, range] of Object.entries(NUMBER_FIELDS) as [NumberField, { min: number; max: number }][]) {
    const text = (raw[field] ?? '').replace(/[\s\u00A0\u202F]/g, '');
    if (text === '') fail(field, 'required');
    else if (!WHOLE.test(text)) fail(field, 'not_a_number');
    else {
      const value = Number(text);
      if (value < range.min) fail(field, 'too_small', range.min);
      else if (value > range.max) fail(field, 'too_large', range.max);
      else numbers[field] = value;
    }
  }

  const rules = {} as Settings['rules'];
  for (const id of RULE_IDS) {
    const severity = raw[ruleField(id, 'severity')] ?? '';
    if (!(SEVERITIES as readonly string[]).includes(severity)) fail(ruleField(id, 'severity'), 'invalid_severity');
    const penaltyText = (raw[ruleField(id, 'penalty')] ?? '').trim();
    let penalty: number | null = null;
    if (penaltyText !== '') {
      if (!WHOLE.test(penaltyText)) fail(ruleField(id, 'penalty'), 'not_a_number');
      else if (Number(penaltyText) > 100) fail(ruleField(id, 'penalty'), 'too_large', 100);
      else penalty = Number(penaltyText);
    }
    rules[id] = { enabled: raw[ruleField(id, 'enabled')] === '1', severity: severity as Severity, penalty };
  }

  const phrases = {} as Settings['phrases'];
  for (const id of PHRASE_RULE_IDS) {
    const lists = { en: [] as string[], fr: [] as string[] };
    for (const lang of ['en', 'fr'] as const) {
      const field = phraseField(id, lang);
      const lines = (raw[field] ?? '').replace(/\r\n?/g, '\n').trim().split('\n');
      if (lines.length === 1 && lines[0] === '') continue;
      if (lines.some((line) => line.trim() === '')) fail(field, 'empty_phrase_line');
      else if (lines.some((line) => line.trim().length > PHRASE_MAX_LENGTH)) fail(field, 'phrase_too_long', PHRASE_MAX_LENGTH);
      else if (lines.length > PHRASES_PER_LIST) fail(field, 'too_many_phrases', PHRASES_PER_LIST);
      else lists[lang] = lines.map((line) => line.trim().replace(/\s+/g, ' '));
    }
    phrases[id] = lists;
  }

  const bookingText = (raw.booking_url ?? '').trim();
  let bookingUrl: string | null = null;
  if (bookingText !== '') {
    try {
      const url = new URL(bookingText);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') && bookingText.length <= 500) {
        bookingUrl = url.toString();
      } else fail('booking_url', 'invalid_url');
    } catch {
      fail('booking_url', 'invalid_url');
    }
  }

  const emails = (raw.notify_emails ?? '')
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (emails.some((e) => !emailSchema.safeParse(e).success || e.length > 254)) fail('notify_emails', 'invalid_email');
  else if (emails.length > NOTIFY_EMAILS_MAX) fail('notify_emails', 'too_many_emails', NOTIFY_EMAILS_MAX);

  const currency = raw.currency ?? '';
  if (!(CURRENCIES as readonly string[]).includes(currency)) fail('currency', 'invalid_currency');

  const webhookText = (raw.webhook_url ?? '').trim();
  let webhookUrl: string | null = null;
  if (webhookText !== '') {
    try {
      const url = new URL(webhookText);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && webhookText.length <= 500) webhookUrl = url.toString();
      else fail('webhook_url', 'invalid_url');
    } catch {
      fail('webhook_url', 'invalid_url');
    }
  }
  const secretText = (raw.webhook_secret ?? '').trim();
  if (secretText !== '' && secretText.length < 16) fail('webhook_secret', 'webhook_secret_too_short', 16);
  else if (webhookText !== '' && secretText === '') fail('webhook_secret', 'webhook_secret_required');

  if (errors.length === 0) {
    if (numbers.decline_threshold >= numbers.qualify_threshold) fail('decline_threshold', 'decline_not_below_qualify');
    if (numbers.min_monthly_budget > numbers.target_monthly_budget) fail('min_monthly_budget', 'min_above_target');
    if (numbers.budget_weight + numbers.fit_weight !== 100) fail('budget_weight', 'weights_not_100');
  }
  if (errors.length > 0) return { ok: false, errors, raw };

  const settings: Settings = {
    ...current,
    minMonthlyBudget: numbers.min_monthly_budget,
    targetMonthlyBudget: numbers.target_monthly_budget,
    targetLtv: numbers.target_ltv,
    qualifyThreshold: numbers.qualify_threshold,
    declineThreshold: numbers.decline_threshold,
    maxMajorFlags: numbers.max_major_flags,
    budgetWeight: numbers.budget_weight,
    fitWeight: numbers.fit_weight,
    penalties: { major: numbers.penalty_major, minor: numbers.penalty_minor },
    minorCap: numbers.minor_cap,
    rules,
    phrases,
    bookingUrl,
    notifyEmails: [...new Set(emails.map((e) => e.toLowerCase()))],
    currency,
    dailyDigest: raw.daily_digest === '1',
    autoDecline: { enabled: raw.auto_decline === '1', delayHours: numbers.auto_decline_delay_hours },
    webhookUrl,
    webhookSecret: secretText === '' ? null : secretText,
  };
  // The domain schema is the last word: anything it refuses is a bug here, not the owner's.
  const checked = settingsSchema.safeParse(settings);
  if (!checked.success) throw new Error(`settings form produced invalid settings: ${checked.error.message}`);
  return { ok: true, settings: checked.data, comment: comment === '' ? null : comment, raw };
}

export interface SettingsChange {
  field: string;
  before: string;
  after: string;
}

/** What differs between two versions, field by field, in form order. */
export function diffSettings(before: Settings, after: Settings): SettingsChange[] {
  const a = settingsToForm(before);
  const b = settingsToForm(after);
  const shown = (field: string, value: string) => (SECRET_FIELDS.has(field) && value !== '' ? '••••••••' : value);
  return Object.keys(b)
    .filter((field) => a[field] !== b[field])
    .map((field) => ({ field, before: shown(field, a[field] ?? ''), after: shown(field, b[field] ?? '') }));
}
