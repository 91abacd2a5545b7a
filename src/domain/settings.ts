import { z } from 'zod';

/** Red-flag rule ids: public (CSV `red_flags`, breakdowns, settings). */
export const RULE_IDS = [
  'round_the_clock',
  'daily_rankings',
  'short_term',
  'pays_after_results',
  'late_payer',
  'scope_creep',
  'ignores_advice',
  'grass_is_greener',
  'guaranteed_rankings',
  'lowest_price',
  'urgency',
  'blames_providers',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const SEVERITIES = ['hard', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rules whose phrase lists the owner edits (the others come from choices only). */
export const PHRASE_RULE_IDS = [
  'guaranteed_rankings',
  'round_the_clock',
  'daily_rankings',
  'lowest_price',
  'urgency',
  'blames_providers',
] as const satisfies readonly RuleId[];
export type PhraseRuleId = (typeof PHRASE_RULE_IDS)[number];

/** Which chosen answer raises which rule. Fixed by the questionnaire. */
export const CHOICE_TRIGGERS: readonly { field: string; value: string; rule: RuleId }[] = [
  { field: 'contact_preference', value: 'anytime', rule: 'round_the_clock' },
  { field: 'update_frequency', value: 'daily', rule: 'daily_rankings' },
  { field: 'results_horizon', value: 'weeks', rule: 'short_term' },
  { field: 'payment_terms', value: 'after_results', rule: 'pays_after_results' },
  { field: 'payment_terms', value: 'net_60_plus', rule: 'late_payer' },
  { field: 'scope_changes', value: 'included', rule: 'scope_creep' },
  { field: 'recommendations', value: 'i_decide', rule: 'ignores_advice' },
  { field: 'previous_agencies', value: '3_plus', rule: 'grass_is_greener' },
];

const wholeNumber = z.number().int().min(0);
const percent = wholeNumber.max(100);

const ruleSettingsSchema = z.object({
  enabled: z.boolean(),
  severity: z.enum(SEVERITIES),
  /** Points taken off; null means the default penalty of its severity. */
  penalty: wholeNumber.max(100).nullable(),
});
export type RuleSettings = z.infer<typeof ruleSettingsSchema>;

const phraseListSchema = z.array(z.string().trim().min(1).max(200)).max(500);

const phrasesSchema = z.object({ en: phraseListSchema, fr: phraseListSchema });
export type PhraseLists = z.infer<typeof phrasesSchema>;

/**
 * Everything the owner can change. One object, stored whole as an immutable
 * version; screening reads nothing else.
 */
export const settingsSchema = z
  .object({
    minMonthlyBudget: wholeNumber.max(100_000_000),
    targetMonthlyBudget: wholeNumber.max(100_000_000),
    targetLtv: wholeNumber.min(1).max(100_000_000),
    qualifyThreshold: percent,
    declineThreshold: percent,
    maxMajorFlags: wholeNumber.min(1).max(20),
    /** Weight of the budget score, in percent; the fit score gets the rest. */
    budgetWeight: percent,
    fitWeight: percent,
    penalties: z.object({ major: wholeNumber.max(100), minor: wholeNumber.max(100) }),
    /** All minor flags together never take off more than this. */
    minorCap: wholeNumber.max(100),
    rules: z.object(Object.fromEntries(RULE_IDS.map((id) => [id, ruleSettingsSchema])) as Record<RuleId, typeof ruleSettingsSchema>),
    phrases: z.object(
      Object.fromEntries(PHRASE_RULE_IDS.map((id) => [id, phrasesSchema])) as Record<PhraseRuleId, typeof phrasesSchema>,
    ),
    bookingUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
    notifyEmails: z.array(z.email()).max(20),
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** Review applicants reach the owner once a day, in one email. */
    dailyDigest: z.boolean(),
    /** Declined applicants get the polite decline email by themselves after a delay. */
    autoDecline: z.object({ enabled: z.boolean(), delayHours: wholeNumber.min(1).max(720) }),
    /** Receives a signed JSON POST for each qualified applicant. */
    webhookUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
    webhookSecret: z.string().min(16).max(200).nullable(),
  })
  .refine((s) => s.declineThreshold < s.qualifyThreshold, {
    path: ['declineThreshold'],
    message: 'decline_not_below_qualify',
  })
  .refine((s) => s.minMonthlyBudget <= s.targetMonthlyBudget, {
    path: ['minMonthlyBudget'],
    message: 'min_above_target',
  })
  .refine((s) => s.budgetWeight + s.fitWeight === 100, {
    path: ['budgetWeight'],
    message: 'weights_not_100',
  })
  .refine((s) => s.webhookUrl === null || s.webhookSecret !== null, {
    path: ['webhookSecret'],
    message: 'webhook_secret_required',
  });

export type Settings = z.infer<typeof settingsSchema>;

const rule = (severity: Severity): RuleSettings => ({ enabled: true, severity, penalty: null });

/** Version 1: the defaults of questionnaire.md. */
export const DEFAULT_SETTINGS: Settings = {
  minMonthlyBudget: 1500,
  targetMonthlyBudget: 5000,
  targetLtv: 10000,
  qualifyThreshold: 70,
  declineThreshold: 40,
  maxMajorFlags: 2,
  budgetWeight: 40,
  fitWeight: 60,
  penalties: { major: 15, minor: 5 },
  minorCap: 15,
  rules: {
    round_the_clock: rule('major'),
    daily_rankings: rule('major'),
    short_term: rule('major'),
    pays_after_results: rule('hard'),
    late_payer: rule('major'),
    scope_creep: rule('major'),
    ignores_advice: rule('major'),
    grass_is_greener: rule('major'),
    guaranteed_rankings: rule('major'),
    lowest_price: rule('minor'),
    urgency: rule('minor'),
    blames_providers: rule('minor'),
  },
  phrases: {
    guaranteed_rankings: {
      en: ['guaranteed results', 'guaranteed rankings', '#1 on Google', 'number one on Google', 'first page', 'page one'],
      fr: ['résultats garantis', 'classement garanti', 'première page', 'premier sur Google', "c'est garanti"],
    },
    round_the_clock: {
      en: ['24/7', 'anytime', 'call me any time'],
      fr: ["n'importe quand", 'jour et nuit', '7 jours sur 7'],
    },
    daily_rankings: {
      en: ['daily rankings', 'daily ranking report'],
      fr: ['classement quotidien', 'positions chaque jour'],
    },
    lowest_price: {
      en: ['cheapest', 'lowest price', 'cheap'],
      fr: ['pas cher', 'le moins cher', 'prix le plus bas'],
    },
    urgency: {
      en: ['asap', 'urgent', 'yesterday'],
      fr: ['tout de suite', 'au plus vite'],
    },
    blames_providers: {
      en: ['useless', 'incompetent', 'scam', 'ripped off'],
      fr: ['nuls', 'incompétents', 'arnaque', 'escrocs'],
    },
  },
  bookingUrl: null,
  notifyEmails: [],
  currency: 'EUR',
  dailyDigest: false,
  autoDecline: { enabled: false, delayHours: 48 },
  webhookUrl: null,
  webhookSecret: null,
};

/**
 * A stored version as the current code reads it: settings saved before a
 * field existed get that field's default, so old versions stay readable.
 */
export function withDefaults(stored: Partial<Settings>): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    penalties: { ...DEFAULT_SETTINGS.penalties, ...stored.penalties },
    rules: { ...DEFAULT_SETTINGS.rules, ...stored.rules },
    phrases: { ...DEFAULT_SETTINGS.phrases, ...stored.phrases },
    autoDecline: { ...DEFAULT_SETTINGS.autoDecline, ...stored.autoDecline },
  };
}

/** The points a rule takes off when it fires (hard rules decline instead). */
export function rulePenalty(settings: Settings, id: RuleId): number {
  const ruleSettings = settings.rules[id];
  if (ruleSettings.severity === 'hard') return 0;
  return ruleSettings.penalty ?? settings.penalties[ruleSettings.severity];
}
