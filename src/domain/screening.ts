import type { Answers } from './answers.js';
import { CLARITY_LISTS, clarityFromLists, scoreClarity, type ClarityResult, type ClaritySignal } from './clarity.js';
import { compilePhraseGroups, type GroupMatch, type PhraseGroups } from './phrases.js';
import { PHRASE_FIELDS } from './questionnaire.js';
import {
  CHOICE_TRIGGERS,
  PHRASE_RULE_IDS,
  RULE_IDS,
  rulePenalty,
  type PhraseRuleId,
  type RuleId,
  type Settings,
  type Severity,
} from './settings.js';

export const OUTCOMES = ['qualified', 'review', 'declined', 'spam'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SPAM_REASONS = ['honeypot', 'too_fast'] as const;
export type SpamReason = (typeof SPAM_REASONS)[number];

export const DECLINE_REASONS = [
  'budget_below_minimum',
  'hard_flag',
  'too_many_major_flags',
  'score_below_decline_threshold',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Why a rule fired: the answer, and for phrases the words as written. */
export type Evidence =
  | { kind: 'choice'; field: string; value: string }
  | { kind: 'phrase'; field: string; phrase: string; text: string; start: number; end: number };

export interface Flag {
  rule: RuleId;
  severity: Severity;
  /** Points actually taken off (after the minor cap). */
  points: number;
  /** Points the rule carries before the minor cap. */
  nominalPoints: number;
  evidence: Evidence[];
}

export interface FitPart {
  points: number;
  max: number;
}

export interface FitBreakdown {
  authority: FitPart & { role: number; decisionMaker: number };
  timing: FitPart;
  economics: FitPart;
  clarity: FitPart & { signals: Record<ClaritySignal, number> };
  experience: FitPart;
}

export interface Screening {
  /** 0–100, exact: linear between the minimum and target budgets. */
  budgetScore: number;
  /** 0–100, exact: the sum of the fit parts. */
  fitScore: number;
  /** Weighted budget and fit before penalties, unrounded. */
  weighted: number;
  penalty: number;
  score: number;
  outcome: Outcome;
  flags: Flag[];
  fit: FitBreakdown;
  declineReasons: DeclineReason[];
  spamReasons: SpamReason[];
}

export interface SpamSignals {
  honeypot: boolean;
  tooFast: boolean;
}

const NO_SPAM: SpamSignals = { honeypot: false, tooFast: false };

const ROLE_POINTS: Record<Answers['role'], number> = {
  owner: 15,
  executive: 15,
  marketing_manager: 10,
  employee: 4,
  other: 4,
};
const DECISION_POINTS: Record<Answers['decision_maker'], number> = { yes: 10, shared: 5, no: 0 };
const TIMING_POINTS: Record<Answers['start_timeline'], number> = {
  now: 15,
  within_3_months: 15,
  later: 6,
  researching: 0,
};
const EXPERIENCE_POINTS: Record<Answers['used_seo_before'], number> = { yes: 10, no: 5 };
const ECONOMICS_MAX = 25;

export function budgetScore(monthlyBudget: number, settings: Settings): number {
  const { minMonthlyBudget: min, targetMonthlyBudget: target } = settings;
  if (monthlyBudget >= target) return 100;
  if (monthlyBudget < min || target <= min) return 0;
  return ((monthlyBudget - min) / (target - min)) * 100;
}

export function fitBreakdown(answers: Answers, settings: Settings): FitBreakdown {
  return fitWith(answers, settings, scoreClarity(answers.ideal_customer, answers.goals));
}

function fitWith(answers: Answers, settings: Settings, clarity: ClarityResult): FitBreakdown {
  const role = ROLE_POINTS[answers.role];
  const decisionMaker = DECISION_POINTS[answers.decision_maker];
  return {
    authority: { points: role + decisionMaker, max: 25, role, decisionMaker },
    timing: { points: TIMING_POINTS[answers.start_timeline], max: 15 },
    economics: {
      points: Math.min(answers.customer_ltv / settings.targetLtv, 1) * ECONOMICS_MAX,
      max: ECONOMICS_MAX,
    },
    clarity: { points: clarity.points, max: clarity.max, signals: clarity.signals },
    experience: { points: EXPERIENCE_POINTS[answers.used_seo_before], max: 10 },
  };
}

/**
 * Phrase lists are compiled once per distinct content: screening a batch
 * (preview, re-screen) under one version folds each list once. Keyed by
 * content, not identity, so a settings object edited in place is never
 * screened with stale phrases. The lists last compiled are kept as a copy
 * and compared word for word first, which is cheaper than serialising them
 * for every application of a batch.
 *
 * The clarity lists are compiled along, after the phrase rules: each long
 * answer is searched once for both.
 */
const MATCHER_CACHE_SIZE = 32;
const matcherCache = new Map<string, PhraseGroups>();
let lastLists: (readonly string[])[] | null = null;
let lastMatchers: PhraseGroups | null = null;

const CLARITY_GROUPS = ((1 << CLARITY_LISTS.length) - 1) << PHRASE_RULE_IDS.length;

function sameLists(settings: Settings, lists: readonly (readonly string[])[]): boolean {
  let k = 0;
  for (const id of PHRASE_RULE_IDS) {
    const { en, fr } = settings.phrases[id];
    if (!sameWords(en, lists[k++] as readonly string[])) return false;
    if (!sameWords(fr, lists[k++] as readonly string[])) return false;
  }
  return true;
}

function sameWords(current: readonly string[], kept: readonly string[]): boolean {
  if (current.length !== kept.length) return false;
  for (let i = 0; i < current.length; i++) if (current[i] !== kept[i]) return false;
  return true;
}

/** One list per phrase rule, in PHRASE_RULE_IDS order, then CLARITY_LISTS. */
function phraseMatchers(settings: Settings): PhraseGroups {
  if (lastMatchers && lastLists && sameLists(settings, lastLists)) return lastMatchers;
  const key = JSON.stringify(settings.phrases);
  let matchers = matcherCache.get(key);
  if (!matchers) {
    matchers = compilePhraseGroups([
      ...PHRASE_RULE_IDS.map((id) => [...settings.phrases[id].en, ...settings.phrases[id].fr]),
      ...CLARITY_LISTS,
    ]);
    if (matcherCache.size >= MATCHER_CACHE_SIZE) matcherCache.clear();
    matcherCache.set(key, matchers);
  }
  lastLists = PHRASE_RULE_IDS.flatMap((id) => [[...settings.phrases[id].en], [...settings.phrases[id].fr]]);
  lastMatchers = matchers;
  return matchers;
}

function addEvidence(evidence: Map<RuleId, Evidence[]>, settings: Settings, rule: RuleId, item: Evidence): void {
  if (!settings.rules[rule].enabled) return;
  const list = evidence.get(rule);
  if (list) list.push(item);
  else evidence.set(rule, [item]);
}

/**
 * The evidence of every rule, and the clarity of `ideal_customer` and
 * `goals`: one pass over each long answer finds the phrases of the rules
 * and which clarity lists have a match.
 */
function searchAnswers(
  answers: Answers,
  settings: Settings,
): { evidence: Map<RuleId, Evidence[]>; clarity: ClarityResult } {
  const evidence = new Map<RuleId, Evidence[]>();
  for (const trigger of CHOICE_TRIGGERS) {
    const value = answers[trigger.field as keyof Answers];
    if (value === trigger.value) {
      addEvidence(evidence, settings, trigger.rule, { kind: 'choice', field: trigger.field, value: trigger.value });
    }
  }
  // Only the lists of enabled rules are searched: the others would add nothing.
  let enabled = 0;
  for (let group = 0; group < PHRASE_RULE_IDS.length; group++) {
    if (settings.rules[PHRASE_RULE_IDS[group] as PhraseRuleId].enabled) enabled |= 1 << group;
  }
  const matchers = phraseMatchers(settings);
  let clarityFound = 0;
  for (const field of PHRASE_FIELDS) {
    const text = answers[field];
    if (!text) continue;
    const clarityWanted = field === 'ideal_customer' || field === 'goals' ? CLARITY_GROUPS & ~clarityFound : 0;
    const matches: GroupMatch[] = [];
    clarityFound |= matchers.search(text, enabled, clarityWanted, matches);
    // All rules in one pass; each rule's matches keep their own order.
    for (const { phrase, group, start, end } of matches) {
      addEvidence(evidence, settings, PHRASE_RULE_IDS[group] as PhraseRuleId, {
        kind: 'phrase',
        field,
        phrase,
        text: text.slice(start, end),
        start,
        end,
      });
    }
  }
  const clarity = clarityFromLists(answers.ideal_customer, answers.goals, clarityFound >>> PHRASE_RULE_IDS.length);
  return { evidence, clarity };
}

/**
 * One concept counts once: every answer that raises the same rule id is
 * evidence for a single flag. Flags come out in rule order, so the minor cap
 * is spent in a stable, explainable order.
 */
function buildFlags(settings: Settings, evidence: Map<RuleId, Evidence[]>): Flag[] {
  let minorLeft = settings.minorCap;
  const flags: Flag[] = [];
  for (const rule of RULE_IDS) {
    const items = evidence.get(rule);
    if (!items) continue;
    const severity = settings.rules[rule].severity;
    const nominalPoints = rulePenalty(settings, rule);
    let points = nominalPoints;
    if (severity === 'minor') {
      points = Math.min(nominalPoints, minorLeft);
      minorLeft -= points;
    }
    flags.push({ rule, severity, points, nominalPoints, evidence: items });
  }
  return flags;
}

/**
 * Screens one application under one settings version. Only the final score
 * is rounded (before any threshold sees it); the parts stay exact. Pure: no clock, no I/O;
 * the same answers and settings always give the same result.
 */
export function screen(answers: Answers, settings: Settings, spam: SpamSignals = NO_SPAM): Screening {
  const budget = budgetScore(answers.monthly_budget, settings);
  const { evidence, clarity } = searchAnswers(answers, settings);
  const fit = fitWith(answers, settings, clarity);
  const fitScore =
    fit.authority.points + fit.timing.points + fit.economics.points + fit.clarity.points + fit.experience.points;
  const weighted = (settings.budgetWeight * budget + settings.fitWeight * fitScore) / 100;
  const flags = buildFlags(settings, evidence);
  const penalty = flags.reduce((sum, flag) => sum + flag.points, 0);
  const score = Math.round(Math.min(100, Math.max(0, weighted - penalty)));

  const declineReasons: DeclineReason[] = [];
  if (answers.monthly_budget < settings.minMonthlyBudget) declineReasons.push('budget_below_minimum');
  if (flags.some((flag) => flag.severity === 'hard')) declineReasons.push('hard_flag');
  if (flags.filter((flag) => flag.severity === 'major').length >= settings.maxMajorFlags) {
    declineReasons.push('too_many_major_flags');
  }
  if (score < settings.declineThreshold) declineReasons.push('score_below_decline_threshold');

  const spamReasons: SpamReason[] = [];
  if (spam.honeypot) spamReasons.push('honeypot');
  if (spam.tooFast) spamReasons.push('too_fast');

  let outcome: Outcome;
  if (spamReasons.length > 0) outcome = 'spam';
  else if (declineReasons.length > 0) outcome = 'declined';
  else if (score >= settings.qualifyThreshold) outcome = 'qualified';
  else outcome = 'review';

  return { budgetScore: budget, fitScore, weighted, penalty, score, outcome, flags, fit, declineReasons, spamReasons };
}
