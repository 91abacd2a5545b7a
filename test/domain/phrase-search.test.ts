import { describe, expect, it } from 'vitest';
import { CLARITY_LISTS, scoreClarity } from '../../src/domain/clarity.js';
import {
  compilePhraseGroups,
  compilePhrases,
  foldPhrase,
  foldText,
  type GroupMatch,
  type PhraseMatch,
} from '../../src/domain/phrases.js';

// The matcher takes a fast road for most texts and falls back to a plain
// fold-then-indexOf search for the rest; both must give exactly what the
// simple reference below gives (the semantics of shared/spec/questionnaire.md:
// case- and accent-blind, ’ ‘ ʼ ` ´ and ' alike, white space runs alike, no
// letter or digit touching a phrase, offsets into the original).

const MARKS = /\p{M}/gu;
const APOSTROPHES = /[\u2019\u2018\u02BC\u0060\u00B4]/g;
const foldChar = (char: string) =>
  char.normalize('NFD').replace(MARKS, '').toLowerCase().normalize('NFD').replace(MARKS, '').replace(APOSTROPHES, "'");
const isWord = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

function referenceFold(original: string): { text: string; starts: number[]; ends: number[] } {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const char of original) {
    const end = offset + char.length;
    if (/\s/u.test(char)) {
      if (text.endsWith(' ')) ends[ends.length - 1] = end;
      else {
        text += ' ';
        starts.push(offset);
        ends.push(end);
      }
    } else {
      const folded = foldChar(char);
      if (folded === '' && ends.length > 0) ends[ends.length - 1] = end;
      for (let i = 0; i < folded.length; i++) {
        text += folded[i];
        starts.push(offset);
        ends.push(end);
      }
    }
    offset = end;
  }
  return { text, starts, ends };
}

/** The whole character (surrogate pairs included) that ends just before `index`. */
function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1];
}

/** The whole character that starts at `index`. */
function charAt(text: string, index: number): string | undefined {
  const codePoint = text.codePointAt(index);
  return codePoint === undefined ? undefined : String.fromCodePoint(codePoint);
}

function referenceFind(phrases: readonly string[], original: string): PhraseMatch[] {
  if (original === '') return [];
  const folded = referenceFold(original);
  const matches: PhraseMatch[] = [];
  for (const phrase of phrases) {
    const needle = referenceFold(phrase.trim()).text;
    if (needle === '') continue;
    for (let at = folded.text.indexOf(needle); at >= 0; at = folded.text.indexOf(needle, at + 1)) {
      const last = at + needle.length - 1;
      if (isWord(charBefore(folded.text, at)) || isWord(charAt(folded.text, last + 1))) continue;
      const start = folded.starts[at] as number;
      const end = folded.ends[last] as number;
      matches.push({ phrase, text: original.slice(start, end), start, end });
    }
  }
  return matches.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** A deterministic stream of awkward texts. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const words = [
    'cheap', 'CHEAP', 'chéap', 'asap', 'first', 'page', 'première', 'PREMIÈRE', 'pre\u0300miere', 'guaranteed',
    "c'est", 'c’est', 'c`est', 'garanti', '24/7', '#1', 'google', 'nuls', 'arnâque', 'cafe\u0301', 'years', 'old',
    'en', 'ligne', 'an', 'by', 'us', 'x', 'b2b', 'İstanbul', 'Straße', 'ΣΟΦΟΣ', '한국어', '국', 'ﬁne', 'Ａ', 'K',
    '😀', '👍🏽', '𝐀', '𐐀', '\u{20000}', '\u{1D7CF}', 'œuvre', 'ø', 'ı', '½', '٣', 'uk"ı’', "en'ø!z",
  ];
  const separators = [
    ' ', ' ', ' ', '  ', '\n', '\n\n', '\t', '\r\n', '\u00a0', '\u3000', ' \u0301 ', ', ', '. ', '!', '(', '"', '-',
    '/', "'", '’', '´', '', '\u0301', '\uD800', '\uDC00', '#', '🚀',
  ];
  const text = (count: number) => {
    let out = next() < 0.2 ? pick(separators) : '';
    for (let i = 0; i < count; i++) out += pick(words) + pick(separators);
    return out;
  };
  const phrasesFrom = (source: string) => {
    const phrases: string[] = [];
    for (let i = 0, count = 1 + Math.floor(next() * 5); i < count; i++) {
      const r = next();
      if (r < 0.5 && source.length > 0) {
        const at = Math.floor(next() * source.length);
        phrases.push(source.slice(at, at + 1 + Math.floor(next() * 12)));
      } else if (r < 0.8) phrases.push(pick(words) + (next() < 0.4 ? pick(separators) + pick(words) : ''));
      else phrases.push(pick(separators) + pick(words) + pick(separators));
    }
    return phrases;
  };
  return { next, text, phrasesFrom };
}

describe('phrase search: the same as the reference', () => {
  it('finds exactly what the reference finds, on many awkward texts and phrase lists', () => {
    const { next, text, phrasesFrom } = generator(20240611);
    for (let i = 0; i < 1500; i++) {
      const original = text(Math.floor(next() * 14));
      const phrases = phrasesFrom(original);
      const expected = referenceFind(phrases, original);
      const matcher = compilePhrases(phrases);
      expect(matcher.find(original), JSON.stringify({ phrases, original })).toEqual(expected);
      expect(matcher.test(original)).toBe(expected.length > 0);
    }
  });

  it('searches several lists in one pass as each list on its own', () => {
    const { next, text, phrasesFrom } = generator(7);
    for (let i = 0; i < 500; i++) {
      const original = text(Math.floor(next() * 14));
      const lists = [phrasesFrom(original), phrasesFrom(original), phrasesFrom(original)];
      const groups = compilePhraseGroups(lists);
      const matches: GroupMatch[] = [];
      const present = groups.search(original, 0b001, 0b110, matches);
      const own = lists.map((list) => referenceFind(list, original));
      expect(matches.map(({ phrase, start, end }) => ({ phrase, start, end }))).toEqual(
        (own[0] ?? []).map(({ phrase, start, end }) => ({ phrase, start, end })),
      );
      expect(present).toBe(((own[1]?.length ?? 0) > 0 ? 0b010 : 0) | ((own[2]?.length ?? 0) > 0 ? 0b100 : 0));
      expect(groups.present(original)).toBe(own.reduce((mask, list, index) => (list.length > 0 ? mask | (1 << index) : mask), 0));
    }
  });

  it('folds texts and phrases as the reference does', () => {
    const { next, text } = generator(99);
    for (let i = 0; i < 300; i++) {
      const original = text(Math.floor(next() * 10));
      expect(foldText(original)).toEqual(referenceFold(original));
      expect(foldPhrase(original)).toBe(referenceFold(original.trim()).text);
    }
  });
});

describe('phrase search: texts the fast road hands over', () => {
  it.each([
    { label: 'a Hangul syllable before the phrase', phrases: ['국어'], text: '한국어', expected: [] },
    {
      label: 'Hangul',
      phrases: ['국어'],
      text: '한 국어!',
      expected: [{ phrase: '국어', text: '국어', start: 2, end: 4 }],
    },
    {
      label: 'an astral letter that folds to another',
      phrases: ['cheap'],
      text: '𐐀 cheap',
      expected: [{ phrase: 'cheap', text: 'cheap', start: 3, end: 8 }],
    },
    {
      label: 'lone surrogates',
      phrases: ['cheap'],
      text: '\uD800cheap \uDC00 cheap',
      expected: [
        { phrase: 'cheap', text: 'cheap', start: 1, end: 6 },
        { phrase: 'cheap', text: 'cheap', start: 9, end: 14 },
      ],
    },
    {
      label: 'an emoji in the phrase',
      phrases: ['😀 cheap'],
      text: 'so 😀 cheap',
      expected: [{ phrase: '😀 cheap', text: '😀 cheap', start: 3, end: 11 }],
    },
  ])('matches as the reference with $label', ({ phrases, text, expected }) => {
    expect(compilePhrases(phrases).find(text)).toEqual(expected);
    expect(referenceFind(phrases, text)).toEqual(expected);
  });
});

describe('phrase search: odd phrases', () => {
  it.each([
    { label: 'a letter beyond ASCII after the first two', phrases: ['uk"ı’'], text: 'uk"ı’', start: 0, end: 5 },
    { label: 'ø in the middle', phrases: ["en'ø!z/b2b#"], text: "b2b\"en'ø!z/b2b#", start: 4, end: 15 },
    { label: 'a leading combining mark (a leading space once folded)', phrases: ['\u0301 cheap'], text: 'so!  cheap', start: 3, end: 10 },
    { label: 'a trailing combining mark (a trailing space once folded)', phrases: ['cheap \u0301'], text: 'cheap  \t!', start: 0, end: 8 },
  ])('finds a phrase with $label', ({ phrases, text, start, end }) => {
    const [phrase] = phrases;
    expect(compilePhrases(phrases).find(text)).toEqual([{ phrase, text: text.slice(start, end), start, end }]);
  });

  it('finds a one-letter phrase wherever it stands alone', () => {
    expect(compilePhrases(['x']).find('x-ray, x. (x)x').map((m) => m.start)).toEqual([0, 7, 11, 13]);
  });

  it('reports every listed copy of a phrase, in list order', () => {
    expect(compilePhrases(['cheap', 'Cheap', 'cheap']).find('Cheap!').map((m) => m.phrase)).toEqual([
      'cheap',
      'Cheap',
      'cheap',
    ]);
  });

  it('finds a phrase at the end of a long answer', () => {
    const text = `${'x'.repeat(5000)} cheap`;
    expect(compilePhrases(['cheap']).find(text)).toEqual([{ phrase: 'cheap', text: 'cheap', start: 5001, end: 5006 }]);
    expect(compilePhrases(['cheap']).find('cheap')).toEqual([{ phrase: 'cheap', text: 'cheap', start: 0, end: 5 }]);
  });
});

describe('clarity: ideal customer and goals read as one text', () => {
  it.each([
    { ideal: 'Sell to those twenty years', goals: 'old', who: 5 },
    { ideal: 'Sell to those twenty years', goals: 'older', who: 0 },
    { ideal: 'Sell to those twenty', goals: 'years old', who: 5 },
  ])('finds "years old" across the line break: $ideal / $goals', ({ ideal, goals, who }) => {
    expect(scoreClarity(ideal, goals).signals.who).toBe(who);
  });

  it.each([
    { goals: 'ligne seulement', where: 5 },
    { goals: '\u0301  ligne seulement', where: 5 },
    { goals: 'lignes seulement', where: 0 },
  ])('finds "en ligne" across the line break before "$goals"', ({ goals, where }) => {
    expect(scoreClarity('Nous vendons en', goals).signals.where).toBe(where);
    expect(scoreClarity('Nous vendons en ', ` ${goals}`).signals.where).toBe(where);
  });

  it.each(['½', '٣', '𝟏', 'Ⅻ'])('counts %s as a number', (number) => {
    expect(scoreClarity('We ship within the', `day, ${number} times`).signals.how_many).toBe(5);
  });

  it('gives what searching the joined text gives, list by list', () => {
    const { next, text } = generator(31337);
    for (let i = 0; i < 400; i++) {
      const ideal = text(Math.floor(next() * 6));
      const goals = text(Math.floor(next() * 6));
      const joined = `${ideal}\n${goals}`;
      const [who, where, howMany, byWhen] = CLARITY_LISTS.map((list) => referenceFind(list, joined).length > 0);
      const { signals } = scoreClarity(ideal, goals);
      expect(signals.who, JSON.stringify({ ideal, goals })).toBe(who ? 5 : 0);
      // the other signals may also come from patterns (a place, a number, a year)
      if (where) expect(signals.where).toBe(5);
      if (howMany) expect(signals.how_many).toBe(5);
      if (byWhen) expect(signals.by_when).toBe(5);
    }
  });
});
