import { compilePhraseGroups, foldPhrase, joinWindow } from './phrases.js';

/**
 * Clarity of the prospect's picture of their business, from `ideal_customer`
 * and `goals` (seed 001: "Qui est votre client idéal ?"). A prospect who can
 * say who they sell to, where, how many and by when is easier to help than
 * one who writes "more traffic". Five signals of five points each.
 */
export const CLARITY_SIGNALS = ['detail', 'who', 'where', 'how_many', 'by_when'] as const;
export type ClaritySignal = (typeof CLARITY_SIGNALS)[number];

export const CLARITY_POINTS_PER_SIGNAL = 5;

/** Characters of `ideal_customer` + `goals` that earn the full detail points. */
export const CLARITY_FULL_LENGTH = 400;

const WHO = [
  'customer', 'customers', 'client', 'clients', 'buyer', 'buyers', 'company', 'companies', 'business', 'businesses',
  'owner', 'owners', 'manager', 'managers', 'director', 'directors', 'founder', 'founders', 'homeowner', 'homeowners',
  'family', 'families', 'parent', 'parents', 'student', 'students', 'professional', 'professionals', 'b2b', 'b2c',
  'smb', 'smbs', 'sme', 'smes', 'startup', 'startups', 'retailer', 'retailers', 'restaurant', 'restaurants',
  'clinic', 'clinics', 'patient', 'patients', 'consumer', 'consumers', 'user', 'users', 'women', 'men', 'people',
  'aged', 'years old', 'entreprise', 'entreprises', 'pme', 'tpe', 'eti', 'particulier', 'particuliers',
  'professionnel', 'professionnels', 'proprietaire', 'proprietaires', 'dirigeant', 'dirigeants', 'gerant', 'gerants',
  'acheteur', 'acheteurs', 'consommateur', 'consommateurs', 'utilisateur', 'utilisateurs', 'famille', 'familles',
  'femmes', 'hommes', 'ans', 'artisan', 'artisans', 'commercant', 'commercants', 'cabinet', 'cabinets',
];

const WHERE = [
  'local', 'locally', 'nationwide', 'national', 'international', 'worldwide', 'global', 'europe', 'european',
  'region', 'regional', 'city', 'cities', 'country', 'countries', 'area', 'online', 'france', 'belgium',
  'switzerland', 'canada', 'quebec', 'usa', 'us', 'uk', 'germany', 'spain', 'italy', 'locale', 'locaux',
  'nationale', 'nationaux', 'internationale', 'region', 'regionale', 'ville', 'villes', 'pays', 'quartier',
  'departement', 'partout', 'en ligne', 'belgique', 'suisse', 'allemagne', 'espagne', 'italie',
];
// "in Lyon", "à Bordeaux", "across Ontario": a preposition then a capitalised place name.
const PLACE_AFTER_PREPOSITION = /(?:^|[^\p{L}])(?:in|across|around|near|throughout|à|a|en|dans|autour de|près de|sur)\s+\p{Lu}\p{Ll}/u;

const HOW_MANY = [
  'dozen', 'dozens', 'hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'double', 'triple',
  'twice', 'half', 'douzaine', 'douzaines', 'centaine', 'centaines', 'mille', 'milliers', 'doubler', 'tripler',
  'moitie',
];
const HAS_NUMBER = /\p{N}/u;

const BY_WHEN = [
  'by', 'within', 'week', 'weeks', 'month', 'months', 'quarter', 'quarters', 'year', 'years', 'deadline',
  'q1', 'q2', 'q3', 'q4', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
  'october', 'november', 'december', 'summer', 'winter', 'spring', 'autumn', 'fall', "d'ici", 'avant', 'semaine',
  'semaines', 'mois', 'an', 'annee', 'annees', 'trimestre', 'trimestres', 'janvier', 'fevrier', 'mars', 'avril',
  'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre', 'ete', 'hiver', 'printemps',
  'automne', "fin de l'annee",
];
const YEAR = /(?:^|\D)20\d\d(?:\D|$)/;

/**
 * The four lists, in this order (bit `1 << index` in a mask of lists):
 * screening searches them in the same pass as the red-flag phrases.
 */
export const CLARITY_LISTS: readonly (readonly string[])[] = [WHO, WHERE, HOW_MANY, BY_WHEN];
const WHO_LIST = 1 << 0;
const WHERE_LIST = 1 << 1;
const HOW_MANY_LIST = 1 << 2;
const BY_WHEN_LIST = 1 << 3;
const ALL_LISTS = WHO_LIST | WHERE_LIST | HOW_MANY_LIST | BY_WHEN_LIST;

const LISTS = compilePhraseGroups(CLARITY_LISTS);
// Only a list with a phrase of several words ("years old") can match across the line break
// joining the two answers; how far from it such a phrase reaches is at most the longest phrase.
const ACROSS_LISTS = CLARITY_LISTS.reduce(
  (mask, list, index) => (list.some((phrase) => foldPhrase(phrase).includes(' ')) ? mask | (1 << index) : mask),
  0,
);
const LONGEST_PHRASE = Math.max(...CLARITY_LISTS.flat().map((phrase) => foldPhrase(phrase).length));
const DIGIT = /[0-9]/;
/**
 * Where a number other than 0–9 can be: every such character of the BMP
 * (from this engine's own \p{N}), in a few broad ranges, and any surrogate.
 * Much quicker than \p{N}, which only runs where this matches.
 */
const MAYBE_NUMBER = (() => {
  const units: number[] = [];
  for (let unit = 0x80; unit < 0x10000; unit++) if (unit < 0xd800 || unit > 0xdfff) units.push(unit);
  let bmp = '';
  for (let i = 0; i < units.length; i += 4096) bmp += String.fromCharCode(...units.slice(i, i + 4096));
  const ranges: [number, number][] = [];
  for (const [number] of bmp.matchAll(/\p{N}/gu)) {
    const unit = number.charCodeAt(0);
    const last = ranges[ranges.length - 1];
    if (last && unit - last[1] <= 0x200) last[1] = unit;
    else ranges.push([unit, unit]);
  }
  ranges.push([0xd800, 0xdfff]);
  const hex = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`;
  return new RegExp(`[${ranges.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}]`);
})();

export interface ClarityResult {
  points: number;
  max: number;
  /** Signals found, with the points each earned. */
  signals: Record<ClaritySignal, number>;
}

export function scoreClarity(idealCustomer: string, goals: string): ClarityResult {
  const found = LISTS.present(idealCustomer, ALL_LISTS);
  return clarityFromLists(idealCustomer, goals, found | LISTS.present(goals, ALL_LISTS & ~found));
}

function hasNumber(idealCustomer: string, goals: string): boolean {
  return DIGIT.test(idealCustomer) || DIGIT.test(goals) || hasOtherNumber(idealCustomer) || hasOtherNumber(goals);
}

function hasOtherNumber(text: string): boolean {
  return MAYBE_NUMBER.test(text) && HAS_NUMBER.test(text);
}

/**
 * The clarity of `idealCustomer` and `goals` read as one text, the two
 * joined by a line break, given the lists of CLARITY_LISTS (as a mask) that
 * have a match within `idealCustomer` or within `goals`, each searched on
 * its own. What the joined text adds to that is a phrase crossing the line
 * break, looked for here.
 */
export function clarityFromLists(idealCustomer: string, goals: string, found: number): ClarityResult {
  const across = ALL_LISTS & ~found & ACROSS_LISTS;
  if (across !== 0) {
    const { text, junction } = joinWindow(idealCustomer, goals, LONGEST_PHRASE + 4);
    for (const match of LISTS.find(text, across)) {
      if (match.start <= junction && match.end > junction) found |= 1 << match.group;
    }
  }
  const full = CLARITY_POINTS_PER_SIGNAL;
  // The patterns read the joined text (a place name may follow a preposition across the line break).
  let joined: string | undefined;
  let where = (found & WHERE_LIST) !== 0;
  if (!where) where = PLACE_AFTER_PREPOSITION.test((joined = `${idealCustomer}\n${goals}`));
  let byWhen = (found & BY_WHEN_LIST) !== 0;
  if (!byWhen) byWhen = YEAR.test(joined ?? `${idealCustomer}\n${goals}`);
  const signals: Record<ClaritySignal, number> = {
    detail: Math.round(Math.min((idealCustomer.length + goals.length) / CLARITY_FULL_LENGTH, 1) * full),
    who: (found & WHO_LIST) !== 0 ? full : 0,
    where: where ? full : 0,
    how_many: (found & HOW_MANY_LIST) !== 0 || hasNumber(idealCustomer, goals) ? full : 0,
    by_when: byWhen ? full : 0,
  };
  const points = signals.detail + signals.who + signals.where + signals.how_many + signals.by_when;
  return { points, max: full * CLARITY_SIGNALS.length, signals };
}
