import Negotiator from 'negotiator';
import type { AnswerError } from '../domain/answers.js';
import { en, type Messages } from './en.js';
import { fr } from './fr.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { Messages };

const CATALOGUE: Record<Language, Messages> = { en, fr };

export function messages(language: Language): Messages {
  return CATALOGUE[language];
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'fr';
}

/** `?lang=` wins; then the browser's Accept-Language; then English. */
export function pickLanguage(queryLang: unknown, acceptLanguage: string | undefined): Language {
  if (isLanguage(queryLang)) return queryLang;
  if (!acceptLanguage) return 'en';
  let language = negotiated.get(acceptLanguage);
  if (language === undefined) {
    const preferred = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([...LANGUAGES]);
    language = isLanguage(preferred) ? preferred : 'en';
    // Browsers send few distinct headers; the bound keeps a flood of made-up ones harmless.
    if (negotiated.size >= NEGOTIATED_MAX) negotiated.clear();
    negotiated.set(acceptLanguage, language);
  }
  return language;
}

const NEGOTIATED_MAX = 1000;
const negotiated = new Map<string, Language>();

/** Fills `{name}` placeholders; unknown ones are left as they are. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    return value === undefined ? whole : String(value);
  });
}

type FieldErrors = Partial<Record<AnswerError['code'], string>>;

/** The words shown for one answer error, in the summary and by the field. */
export function answerErrorMessage(t: Messages, error: AnswerError): string {
  const specific = (t.errors.fields as Record<string, FieldErrors | undefined>)[error.field]?.[error.code];
  if (specific) return specific;
  const field = (t.fields as Record<string, { label: string } | undefined>)[error.field];
  const label = field?.label ?? error.field;
  const limit = error.limit === undefined ? '' : formatNumber(t, error.limit);
  return format(t.errors.generic[error.code], { label, limit });
}

export function formatNumber(t: Messages, value: number): string {
  return new Intl.NumberFormat(t.locale).format(value);
}

export function formatMoney(t: Messages, value: number, currency: string): string {
  return new Intl.NumberFormat(t.locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
}

/** A date and time in the reader's language (UTC: the owner's pages say so nowhere else). */
export function formatDateTime(t: Messages, date: Date): string {
  return new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date);
}
