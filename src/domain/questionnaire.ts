/**
 * The discovery application, version 1 (shared/spec/questionnaire.md).
 * Field names and option values are a public contract: HTML names, database
 * values, CSV values. They may be added to, never renamed.
 */

export const QUESTIONNAIRE_VERSION = 1;

export const ROLES = ['owner', 'executive', 'marketing_manager', 'employee', 'other'] as const;
export const DECISION_MAKER = ['yes', 'shared', 'no'] as const;
export const YES_NO = ['yes', 'no'] as const;
export const PREVIOUS_AGENCIES = ['0', '1', '2', '3_plus'] as const;
export const START_TIMELINE = ['now', 'within_3_months', 'later', 'researching'] as const;
export const RESULTS_HORIZON = ['weeks', 'three_months', 'six_months', 'twelve_months_plus'] as const;
export const UPDATE_FREQUENCY = ['daily', 'weekly', 'monthly', 'quarterly'] as const;
export const CONTACT_PREFERENCE = ['email', 'scheduled_calls', 'anytime'] as const;
export const PAYMENT_TERMS = ['upfront', 'on_invoice', 'net_60_plus', 'after_results'] as const;
export const SCOPE_CHANGES = ['change_request', 'included'] as const;
export const RECOMMENDATIONS = ['follow', 'discuss', 'i_decide'] as const;

export const MAX_AMOUNT = 100_000_000;
export const LONG_TEXT_MAX = 2000;

interface BaseField {
  name: string;
  required: boolean;
}
export interface TextField extends BaseField {
  kind: 'text' | 'email' | 'url';
  min?: number;
  max: number;
  autocomplete?: string;
}
export interface LongTextField extends BaseField {
  kind: 'longtext';
  min?: number;
  max: number;
}
export interface AmountField extends BaseField {
  kind: 'amount';
  max: number;
}
export interface ChoiceField extends BaseField {
  kind: 'choice';
  options: readonly string[];
}
export type Field = TextField | LongTextField | AmountField | ChoiceField;

export interface Section {
  id: 'about_you' | 'marketing' | 'business' | 'working_together';
  fields: readonly Field[];
}

export const SECTIONS: readonly Section[] = [
  {
    id: 'about_you',
    fields: [
      { name: 'name', kind: 'text', required: true, min: 1, max: 120, autocomplete: 'name' },
      { name: 'email', kind: 'email', required: true, max: 254, autocomplete: 'email' },
      { name: 'company', kind: 'text', required: true, min: 1, max: 160, autocomplete: 'organization' },
      { name: 'website', kind: 'url', required: false, max: 300, autocomplete: 'url' },
      { name: 'role', kind: 'choice', required: true, options: ROLES },
      { name: 'decision_maker', kind: 'choice', required: true, options: DECISION_MAKER },
    ],
  },
  {
    id: 'marketing',
    fields: [
      { name: 'used_seo_before', kind: 'choice', required: true, options: YES_NO },
      { name: 'previous_agencies', kind: 'choice', required: true, options: PREVIOUS_AGENCIES },
      { name: 'seo_history', kind: 'longtext', required: false, max: LONG_TEXT_MAX },
    ],
  },
  {
    id: 'business',
    fields: [
      { name: 'ideal_customer', kind: 'longtext', required: true, min: 20, max: LONG_TEXT_MAX },
      { name: 'customer_ltv', kind: 'amount', required: true, max: MAX_AMOUNT },
      { name: 'monthly_budget', kind: 'amount', required: true, max: MAX_AMOUNT },
      { name: 'goals', kind: 'longtext', required: true, min: 20, max: LONG_TEXT_MAX },
      { name: 'start_timeline', kind: 'choice', required: true, options: START_TIMELINE },
    ],
  },
  {
    id: 'working_together',
    fields: [
      { name: 'results_horizon', kind: 'choice', required: true, options: RESULTS_HORIZON },
      { name: 'update_frequency', kind: 'choice', required: true, options: UPDATE_FREQUENCY },
      { name: 'contact_preference', kind: 'choice', required: true, options: CONTACT_PREFERENCE },
      { name: 'payment_terms', kind: 'choice', required: true, options: PAYMENT_TERMS },
      { name: 'scope_changes', kind: 'choice', required: true, options: SCOPE_CHANGES },
      { name: 'recommendations', kind: 'choice', required: true, options: RECOMMENDATIONS },
      { name: 'anything_else', kind: 'longtext', required: false, max: LONG_TEXT_MAX },
    ],
  },
];

export const FIELDS: readonly Field[] = SECTIONS.flatMap((section) => section.fields);

/** Every questionnaire field name, in form order (also the CSV column order). */
export const FIELD_NAMES = FIELDS.map((field) => field.name);

/** Long-text answers scanned for red-flag phrases. */
export const PHRASE_FIELDS = ['seo_history', 'ideal_customer', 'goals', 'anything_else'] as const;
export type PhraseField = (typeof PHRASE_FIELDS)[number];
