import { describe, expect, it } from 'vitest';
import { compilePhrases, type PhraseMatch } from '../../src/domain/phrases.js';

// Matching semantics from shared/spec/questionnaire.md: case- and
// accent-blind, ’ ‘ ʼ ' alike, any run of white space equal to any other, and
// a phrase only where no letter or digit touches it on either side.

const find = (phrases: readonly string[], text: string): PhraseMatch[] => compilePhrases(phrases).find(text);

/** What the prospect wrote, as the matches point back into it. */
const matchedTexts = (phrases: readonly string[], text: string): string[] =>
  find(phrases, text).map((match) => text.slice(match.start, match.end));

describe('compilePhrases: English and French phrases', () => {
  it.each([
    { phrase: 'guaranteed results', text: 'We want guaranteed results this year.' },
    { phrase: 'first page', text: 'Get us on the first page.' },
    { phrase: 'lowest price', text: 'Whoever has the lowest price wins.' },
    { phrase: 'ripped off', text: 'We got ripped off last time.' },
    { phrase: 'résultats garantis', text: 'Nous voulons des résultats garantis.' },
    { phrase: 'première page', text: 'Être en première page, vite.' },
    { phrase: 'le moins cher', text: 'On prend le moins cher.' },
    { phrase: 'tout de suite', text: 'Il nous faut ça tout de suite !' },
    { phrase: 'incompétents', text: 'Les précédents étaient incompétents.' },
  ])('finds "$phrase" in "$text"', ({ phrase, text }) => {
    const start = text.indexOf(phrase);
    expect(find([phrase], text)).toEqual([{ phrase, text: phrase, start, end: start + phrase.length }]);
  });

  it('finds nothing when no phrase is present', () => {
    expect(find(['guaranteed results', 'première page'], 'We want steady growth over twelve months.')).toEqual([]);
  });

  it('finds nothing with an empty list or an empty text', () => {
    expect(find([], 'guaranteed results')).toEqual([]);
    expect(find(['guaranteed results'], '')).toEqual([]);
  });

  it('reports the phrase as listed, not as folded', () => {
    expect(find(['Première Page'], 'premiere page')).toEqual([
      { phrase: 'Première Page', text: 'premiere page', start: 0, end: 13 },
    ]);
  });

  it('finds every occurrence, in the order they appear in the text', () => {
    const text = 'Cheap hosting, cheap links, and the lowest price.';
    expect(find(['lowest price', 'cheap'], text)).toEqual([
      { phrase: 'cheap', text: 'Cheap', start: 0, end: 5 },
      { phrase: 'cheap', text: 'cheap', start: 15, end: 20 },
      { phrase: 'lowest price', text: 'lowest price', start: 36, end: 48 },
    ]);
  });
});

describe('compilePhrases: case and accents', () => {
  it.each([
    { phrase: 'guaranteed results', text: 'GUARANTEED RESULTS', written: 'GUARANTEED RESULTS' },
    { phrase: 'guaranteed results', text: 'Guaranteed Results!', written: 'Guaranteed Results' },
    { phrase: 'première page', text: 'PREMIERE PAGE', written: 'PREMIERE PAGE' },
    { phrase: 'première page', text: 'PREMIÈRE PAGE', written: 'PREMIÈRE PAGE' },
    { phrase: 'première page', text: 'premiere page', written: 'premiere page' },
    { phrase: 'résultats garantis', text: 'des resultats garantis', written: 'resultats garantis' },
    { phrase: 'résultats garantis', text: 'RÉSULTATS GARANTIS', written: 'RÉSULTATS GARANTIS' },
    { phrase: 'incompétents', text: 'ils sont INCOMPETENTS', written: 'INCOMPETENTS' },
    // an unaccented phrase still finds the accented word
    { phrase: 'prix le plus bas', text: 'le prix lé plus bas', written: 'prix lé plus bas' },
    { phrase: 'arnaque', text: 'Une arnâque totale', written: 'arnâque' },
  ])('matches "$phrase" in "$text"', ({ phrase, text, written }) => {
    expect(matchedTexts([phrase], text)).toEqual([written]);
  });

  it('matches a phrase whose accents are written as combining marks', () => {
    // "première" typed in decomposed form: e + U+0300
    const text = 'en pre\u0300miere page';
    expect(matchedTexts(['première page'], text)).toEqual(['pre\u0300miere page']);
  });
});

describe('compilePhrases: apostrophes', () => {
  it.each([
    { apostrophe: '’ (right single quotation mark)', text: 'c’est garanti' },
    { apostrophe: '‘ (left single quotation mark)', text: 'c‘est garanti' },
    { apostrophe: 'ʼ (modifier letter apostrophe)', text: 'cʼest garanti' },
    { apostrophe: "' (typewriter apostrophe)", text: "c'est garanti" },
  ])("matches c'est garanti written with $apostrophe", ({ text }) => {
    expect(find(["c'est garanti"], text)).toEqual([{ phrase: "c'est garanti", text, start: 0, end: 13 }]);
  });

  it("matches a phrase listed with ’ against text written with '", () => {
    expect(matchedTexts(['n’importe quand'], "Appelez-moi n'importe quand.")).toEqual(["n'importe quand"]);
  });
});

describe('compilePhrases: white space', () => {
  it.each([
    { label: 'two spaces', text: 'the first  page' },
    { label: 'many spaces', text: 'the first       page' },
    { label: 'a newline', text: 'the first\npage' },
    { label: 'CR LF', text: 'the first\r\npage' },
    { label: 'a tab', text: 'the first\tpage' },
    { label: 'a mix of tabs, spaces and newlines', text: 'the first \t\n  page' },
    { label: 'a no-break space', text: 'the first\u00A0page' },
  ])('matches "first page" across $label', ({ text }) => {
    expect(find(['first page'], text)).toEqual([
      { phrase: 'first page', text: text.slice(4), start: 4, end: text.length },
    ]);
  });

  it('matches a phrase listed with several spaces against a single space', () => {
    expect(matchedTexts(['first   page'], 'the first page')).toEqual(['first page']);
  });

  it('does not match across missing white space', () => {
    expect(find(['first page'], 'the firstpage')).toEqual([]);
  });
});

describe('compilePhrases: word boundaries', () => {
  it.each([
    { phrase: '#1 on Google', text: 'We want to be #1 on Google.', written: '#1 on Google' },
    { phrase: '#1 on Google', text: 'Goal: (#1 on Google)', written: '#1 on Google' },
    { phrase: '#1 on Google', text: '#1 on Google!!!', written: '#1 on Google' },
    { phrase: '24/7', text: 'Available 24/7.', written: '24/7' },
    { phrase: '24/7', text: '(24/7)', written: '24/7' },
    { phrase: '24/7', text: 'Support:24/7, always', written: '24/7' },
    { phrase: 'guaranteed', text: 'Results guaranteed.', written: 'guaranteed' },
    { phrase: 'guaranteed', text: '"guaranteed"', written: 'guaranteed' },
    { phrase: 'cheap', text: 'Cheap, fast, good.', written: 'Cheap' },
    { phrase: 'scam', text: 'It was a scam!', written: 'scam' },
    { phrase: 'asap', text: 'Need it ASAP.', written: 'ASAP' },
    { phrase: 'nuls', text: 'Ils étaient nuls.', written: 'nuls' },
    { phrase: 'cheap', text: '🚀cheap🚀', written: 'cheap' },
  ])('matches "$phrase" in "$text"', ({ phrase, text, written }) => {
    expect(matchedTexts([phrase], text)).toEqual([written]);
  });

  it.each([
    { phrase: 'guaranteed', text: 'Results are unguaranteed.' },
    { phrase: 'guaranteed', text: 'guaranteedly' },
    { phrase: 'cheap', text: 'the cheapest offer' },
    { phrase: 'cheap', text: 'a cheapskate' },
    { phrase: 'scam', text: 'scampi for lunch' },
    { phrase: 'asap', text: 'asaprocessing is slow' },
    { phrase: 'nuls', text: 'the court annuls it' },
    { phrase: '24/7', text: '124/7 and 24/75' },
    { phrase: '#1 on Google', text: 'be#1 on Google' },
    { phrase: '#1 on Google', text: '#1 on Googleplex' },
    { phrase: '#1 on Google', text: '#10 on Google' },
    { phrase: 'first page', text: 'first pages' },
    { phrase: 'arnaque', text: 'arnaqueur' },
    // an accented letter is still a letter
    { phrase: 'nuls', text: 'énuls' },
  ])('does not match "$phrase" inside "$text"', ({ phrase, text }) => {
    expect(find([phrase], text)).toEqual([]);
  });

  it('matches "cheapest" but not "cheap" inside "cheapest" when both are listed', () => {
    expect(find(['cheap', 'cheapest'], 'the cheapest offer')).toEqual([
      { phrase: 'cheapest', text: 'cheapest', start: 4, end: 12 },
    ]);
  });

  it.each([
    { label: 'an astral letter before it', text: '\u{20000}cheap' },
    { label: 'an astral digit after it', text: 'cheap\u{1D7CF}' },
  ])('does not match "cheap" with $label', ({ text }) => {
    // U+20000 is a CJK ideograph (a letter), U+1D7CF MATHEMATICAL BOLD DIGIT ONE (a digit)
    expect(find(['cheap'], text)).toEqual([]);
  });
});

describe('compilePhrases: offsets in the original text', () => {
  it.each([
    { label: 'plain text', text: 'We want the first page.', written: 'first page' },
    { label: 'accents before the match', text: 'Très intéressés : être en première page.', written: 'première page' },
    {
      label: 'combining accents before it',
      text: 'Tre\u0300s inte\u0301resse\u0301s, premiere page.',
      written: 'premiere page',
    },
    { label: 'several spaces before the match', text: '   We    want    the   first page', written: 'first page' },
    { label: 'several spaces inside the match', text: 'We want the first    page now', written: 'first    page' },
    { label: 'newlines inside the match', text: 'first\r\n\r\npage', written: 'first\r\n\r\npage' },
    { label: 'an emoji before the match', text: '🚀 We want the first page', written: 'first page' },
    { label: 'emoji and accents before it', text: '🚀🔥 Été 👍🏽 : première   page ✨', written: 'première   page' },
    { label: 'an astral letter before the match', text: '\u{1D400}\u{1D401} and then first page', written: 'first page' },
    { label: 'a typographic apostrophe in the match', text: 'Bon… c’est garanti ?', written: 'c’est garanti' },
  ])('returns start and end in the original with $label', ({ text, written }) => {
    const matches = find(['first page', 'première page', "c'est garanti"], text);
    expect(matches).toHaveLength(1);
    const [match] = matches;
    const start = text.indexOf(written);
    expect(match).toMatchObject({ text: written, start, end: start + written.length });
    expect(text.slice(match?.start, match?.end)).toBe(match?.text);
  });

  it('keeps a trailing accent written as a combining mark inside the matched text', () => {
    // The owner may list a phrase that ends on an accented letter; typed in
    // decomposed form (e + U+0301), the accent belongs to the words as written.
    const text = 'Un cafe\u0301 noir';
    expect(find(['café'], text)).toEqual([{ phrase: 'café', text: 'cafe\u0301', start: 3, end: 8 }]);
  });

  it('gives offsets of every match in a text with emoji between them', () => {
    const text = '😀 cheap 😀😀 asap 😀';
    const matches = find(['cheap', 'asap'], text);
    expect(matches.map((m) => [m.text, m.start, m.end])).toEqual([
      ['cheap', 3, 8],
      ['asap', 14, 18],
    ]);
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.text);
  });
});

describe('compilePhrases: a compiled list is reusable', () => {
  it('gives the same matches for the same text twice and independent results for different texts', () => {
    const matcher = compilePhrases(['urgent', 'au plus vite']);
    expect(matcher.find('C’est urgent.').map((m) => m.text)).toEqual(['urgent']);
    expect(matcher.find('Rien ne presse.')).toEqual([]);
    expect(matcher.find('Au plus vite, urgent !').map((m) => m.text)).toEqual(['Au plus vite', 'urgent']);
    expect(matcher.find('C’est urgent.').map((m) => m.text)).toEqual(['urgent']);
  });
});
