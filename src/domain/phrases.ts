import { Buffer } from 'node:buffer';

/**
 * Phrase matching for red flags: case- and accent-blind, the apostrophes
 * ’ ‘ ʼ ' alike, any run of white space equal to any other, and a phrase only
 * where no letter or digit touches it on either side ("#1 on Google" and
 * "24/7" match; "guaranteed" does not match inside "unguaranteed").
 *
 * The semantics are those of a simple reference: fold the text character by
 * character (`foldText`), look for every folded phrase with `indexOf`, keep
 * the occurrences with no letter or digit on either side, and map them back
 * to the original. Screening replays this on every long answer of every
 * application, so the common case takes a faster road to the same result: a
 * single pass over the original text's code units, folding each from a table
 * as it goes and comparing phrases only where one can start. Whatever that
 * pass cannot fold exactly like the reference (a lone surrogate, an astral
 * character that folds to another…) sends the text down the reference road.
 */

const APOSTROPHES = /[\u2019\u2018\u02BC\u0060\u00B4]/g;
const MARKS = /\p{M}/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/** The fold of one character (a whole code point): the reference, slow. */
function foldCharUncached(char: string): string {
  return char.normalize('NFD').replace(MARKS, '').toLowerCase().normalize('NFD').replace(MARKS, '').replace(APOSTROPHES, "'");
}

/** Memos keyed by code point are bounded, so odd input cannot grow them without end. */
const MEMO_LIMIT = 8192;

const ASCII_FOLDS: readonly string[] = Array.from({ length: 0x80 }, (_, c) => foldCharUncached(String.fromCharCode(c)));
const foldMemo = new Map<number, string>();

function foldCodePoint(codePoint: number): string {
  if (codePoint < 0x80) return ASCII_FOLDS[codePoint] as string;
  let folded = foldMemo.get(codePoint);
  if (folded === undefined) {
    folded = foldCharUncached(String.fromCodePoint(codePoint));
    if (foldMemo.size >= MEMO_LIMIT) foldMemo.clear();
    foldMemo.set(codePoint, folded);
  }
  return folded;
}

/** Whether a whole code point (a lone surrogate is not a letter) is a letter or a digit. */
const WORD_NO = 1;
const WORD_YES = 2;
const wordBmp = new Uint8Array(0x10000);
const wordAstral = new Map<number, boolean>();
function isWordCodePoint(codePoint: number): boolean {
  if (codePoint < 0x10000) {
    let known = wordBmp[codePoint] as number;
    if (known === 0) {
      known = WORD_CHAR.test(String.fromCharCode(codePoint)) ? WORD_YES : WORD_NO;
      wordBmp[codePoint] = known;
    }
    return known === WORD_YES;
  }
  let word = wordAstral.get(codePoint);
  if (word === undefined) {
    word = WORD_CHAR.test(String.fromCodePoint(codePoint));
    if (wordAstral.size >= MEMO_LIMIT) wordAstral.clear();
    wordAstral.set(codePoint, word);
  }
  return word;
}

/* What one UTF-16 code unit of a text does to its folded form, from a table. */

const KIND_MASK = 7 << 16;
/** folds to exactly one BMP code unit (bits 0–15), neither a space nor a surrogate */
const K_ONE = 1 << 16;
/** white space: one space, or nothing right after a space */
const K_SPACE = 2 << 16;
/** folds to nothing (a combining mark): belongs to the character before */
const K_EMPTY = 3 << 16;
/** folds to several BMP code units, all letters or digits (a Hangul syllable) */
const K_MULTI = 4 << 16;
/** a high surrogate: see the pair */
const K_HIGH = 5 << 16;
/** anything else: the reference road */
const K_COMPLEX = 6 << 16;
/** what the unit folds to is a letter or a digit */
const WORD_BIT = 1 << 20;
/** A unit folding to one letter or digit. */
const ONE_WORD = K_ONE | WORD_BIT;
const ONE_WORD_MASK = KIND_MASK | WORD_BIT;

/** 0 until computed. */
const unitInfo = new Int32Array(0x10000);
const multiFolds = new Map<number, string>();

function computeUnitInfo(unit: number): number {
  let info: number;
  if (unit >= 0xd800 && unit <= 0xdbff) info = K_HIGH;
  else if (unit >= 0xdc00 && unit <= 0xdfff) info = K_COMPLEX;
  else if (SPACE.test(String.fromCharCode(unit))) info = K_SPACE;
  else {
    const folded = foldCodePoint(unit);
    const units = Array.from({ length: folded.length }, (_, i) => folded.charCodeAt(i));
    const plain = units.every((u) => u !== 0x20 && (u < 0xd800 || u > 0xdfff));
    if (units.length === 0) info = K_EMPTY;
    else if (units.length === 1 && plain) {
      info = K_ONE | folded.charCodeAt(0) | (isWordCodePoint(folded.charCodeAt(0)) ? WORD_BIT : 0);
    }
    else if (plain && units.every(isWordCodePoint)) {
      info = K_MULTI | WORD_BIT;
      multiFolds.set(unit, folded);
    } else info = K_COMPLEX;
  }
  unitInfo[unit] = info;
  return info;
}
for (let unit = 0; unit < 0x80; unit++) computeUnitInfo(unit);

function infoOf(unit: number): number {
  const info = unitInfo[unit] as number;
  return info === 0 ? computeUnitInfo(unit) : info;
}

function isSpaceCodePoint(codePoint: number): boolean {
  if (codePoint < 0x10000) return (infoOf(codePoint) & KIND_MASK) === K_SPACE;
  return SPACE.test(String.fromCodePoint(codePoint));
}

/** The folded form of a phrase as the owner typed it. */
export function foldPhrase(phrase: string): string {
  let out = '';
  for (const char of phrase.trim()) {
    const codePoint = char.codePointAt(0) as number;
    if (isSpaceCodePoint(codePoint)) {
      if (!out.endsWith(' ')) out += ' ';
    } else {
      out += foldCodePoint(codePoint);
    }
  }
  return out;
}

/** Folded text with, for every folded character (UTF-16 code unit), where it came from. */
export interface FoldedText {
  text: string;
  /** start offset in the original (UTF-16) for each folded character */
  starts: number[];
  /** end offset in the original (UTF-16) for each folded character */
  ends: number[];
}

function fromCodes(codes: readonly number[]): string {
  let text = '';
  for (let i = 0; i < codes.length; i += 4096) text += String.fromCharCode(...codes.slice(i, i + 4096));
  return text;
}

/**
 * Folds a whole text, keeping for every folded character the span of the
 * original it came from: a run of white space becomes one space, a
 * combining mark belongs to the character before it.
 */
export function foldText(original: string): FoldedText {
  const codes: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let lastIsSpace = false;
  const length = original.length;
  for (let offset = 0; offset < length; ) {
    const unit = original.charCodeAt(offset);
    const info = infoOf(unit);
    const kind = info & KIND_MASK;
    if (kind === K_ONE) {
      codes.push(info & 0xffff);
      starts.push(offset);
      ends.push(offset + 1);
      lastIsSpace = false;
      offset++;
      continue;
    }
    let codePoint = unit;
    let size = 1;
    if (kind === K_HIGH && offset + 1 < length) {
      const low = original.charCodeAt(offset + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = ((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        size = 2;
      }
    }
    const end = offset + size;
    if (kind === K_SPACE || (size === 2 && isSpaceCodePoint(codePoint))) {
      if (lastIsSpace) {
        ends[ends.length - 1] = end;
      } else {
        codes.push(0x20);
        starts.push(offset);
        ends.push(end);
        lastIsSpace = true;
      }
    } else {
      const folded = foldCodePoint(codePoint);
      if (folded === '') {
        // A combining accent typed on its own belongs to the letter before it.
        if (ends.length > 0) ends[ends.length - 1] = end;
      } else {
        for (let i = 0; i < folded.length; i++) {
          codes.push(folded.charCodeAt(i));
          starts.push(offset);
          ends.push(end);
        }
        lastIsSpace = folded.charCodeAt(folded.length - 1) === 0x20;
      }
    }
    offset = end;
  }
  return { text: fromCodes(codes), starts, ends };
}

export interface PhraseMatch {
  /** the phrase from the list that matched, as listed */
  phrase: string;
  /** the words as the prospect wrote them */
  text: string;
  /** UTF-16 offsets of `text` in the original answer */
  start: number;
  end: number;
}

/** Whether the whole character that ends just before `index` is a letter or a digit. */
function wordBefore(text: string, index: number): boolean {
  if (index <= 0) return false;
  const unit = text.charCodeAt(index - 1);
  if (unit >= 0xdc00 && unit <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return isWordCodePoint(((high - 0xd800) << 10) + (unit - 0xdc00) + 0x10000);
  }
  return isWordCodePoint(unit);
}

/** Whether the whole character that starts at `index` is a letter or a digit. */
function wordAt(text: string, index: number): boolean {
  const codePoint = text.codePointAt(index);
  return codePoint !== undefined && isWordCodePoint(codePoint);
}

/**
 * Where to cut `text` so that the part after the cut (`fromEnd`) or before
 * it holds at least `count` folded characters, or the whole text: between
 * whole characters, counting a run of white space once and marks as nothing.
 */
function cutAfterFolded(text: string, count: number, fromEnd: boolean): number {
  let folded = 0;
  let inSpaces = false;
  let index = fromEnd ? text.length : 0;
  while (folded < count && (fromEnd ? index > 0 : index < text.length)) {
    let codePoint: number;
    if (fromEnd) {
      codePoint = text.charCodeAt(--index);
      if (codePoint >= 0xdc00 && codePoint <= 0xdfff && index > 0) {
        const high = text.charCodeAt(index - 1);
        if (high >= 0xd800 && high <= 0xdbff) codePoint = ((high - 0xd800) << 10) + (codePoint - 0xdc00) + 0x10000;
        if (codePoint > 0xffff) index--;
      }
    } else {
      codePoint = text.codePointAt(index) as number;
      index += codePoint > 0xffff ? 2 : 1;
    }
    if (isSpaceCodePoint(codePoint)) {
      if (!inSpaces) folded++;
      inSpaces = true;
    } else {
      const length = foldCodePoint(codePoint).length;
      if (length > 0) inSpaces = false;
      folded += length;
    }
  }
  return index;
}

/**
 * The end of `before` and the start of `after`, each at least `count`
 * folded characters long (or whole), joined by a line break, and where that
 * line break is: the part of `${before}\n${after}` where a phrase crossing
 * the line break lies, with what touches it, as long as the phrase is at
 * most `count - 3` folded characters long.
 */
export function joinWindow(before: string, after: string, count: number): { text: string; junction: number } {
  const head = before.slice(cutAfterFolded(before, count, true));
  return { text: `${head}\n${after.slice(0, cutAfterFolded(after, count, false))}`, junction: head.length };
}

/* ------------------------------------------------------------------------ */
/* The fast road                                                             */
/* ------------------------------------------------------------------------ */

/**
 * The text being searched, copied as UTF-16 code units: reading a typed
 * array is about twice as cheap as `charCodeAt`. One buffer, reused: a
 * search runs to its end before the next one starts.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let unitStore = new ArrayBuffer(8192);
let unitBytes = Buffer.from(unitStore);
let unitArray = new Uint16Array(unitStore);

function unitsOf(original: string): Uint16Array {
  const length = original.length;
  if (length * 2 + 2 > unitStore.byteLength) {
    unitStore = new ArrayBuffer(Math.max(length * 2 + 2, unitStore.byteLength * 2));
    unitBytes = Buffer.from(unitStore);
    unitArray = new Uint16Array(unitStore);
  }
  if (LITTLE_ENDIAN) unitBytes.write(original, 0, 'utf16le');
  else for (let i = 0; i < length; i++) unitArray[i] = original.charCodeAt(i);
  // A unit that is never part of a word ends the text for loops that only look for that.
  unitArray[length] = 0xdc00;
  return unitArray;
}

/** For an astral character: -1 when it does not fold to itself, else 1 for a letter or digit, 0 otherwise. */
const astralInfo = new Map<number, number>();
function astral(codePoint: number): number {
  let info = astralInfo.get(codePoint);
  if (info === undefined) {
    const char = String.fromCodePoint(codePoint);
    info = !SPACE.test(char) && foldCodePoint(codePoint) === char ? (isWordCodePoint(codePoint) ? 1 : 0) : -1;
    if (astralInfo.size >= MEMO_LIMIT) astralInfo.clear();
    astralInfo.set(codePoint, info);
  }
  return info;
}

/** The astral info of the pair whose high surrogate is at `index`, -1 when it is no such pair. */
function pairAt(units: Uint16Array, length: number, index: number): number {
  if (index + 1 >= length) return -1;
  const low = units[index + 1] as number;
  if (low < 0xdc00 || low > 0xdfff) return -1;
  return astral((((units[index] as number) - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
}

/** Phrases are told apart by their first (up to) four folded units before being compared. */
const PREFIX_LENGTH = 4;
const PEEK = new Int32Array(PREFIX_LENGTH);
function prefixKey(length: number, a: number, b: number, c: number, d: number): number {
  return (length << 28) | (a << 21) | (b << 14) | (c << 7) | d;
}
/**
 * Where the lists with a phrase of three ASCII units (21-bit key), or
 * starting with four (28-bit key), are noted in a table of 2^HASH_BITS;
 * a few keys share a place, which only costs a closer look.
 */
const HASH_BITS = 14;
function hashKey(key: number): number {
  return (key ^ (key >>> HASH_BITS)) & ((1 << HASH_BITS) - 1);
}

/**
 * The folded unit a table entry stands for when it is plain: an ASCII unit
 * (with WORD_BIT when a letter or digit), or a space that does not follow
 * the space `previous`. -1 otherwise.
 */
function plainUnit(info: number, previous: number): number {
  const kind = info & KIND_MASK;
  if (kind === K_ONE) return (info & 0xff80) === 0 ? info & (0x7f | WORD_BIT) : -1;
  if (kind === K_SPACE && (previous & 0x7f) !== 0x20) return 0x20;
  return -1;
}

const NO_MATCH = -1;
const BAIL = -2;

interface Entry {
  /** the phrase as listed */
  phrase: string;
  /** its folded form */
  needle: string;
  /** index of its list */
  group: number;
  /** position among all phrases of all lists: the tie-break of the reference */
  order: number;
}

interface Found {
  entry: Entry;
  start: number;
  end: number;
}

/**
 * Compares the units of a several-unit fold, from its unit `from`, with
 * `needle` from its unit `k`: the next unit of the needle to compare, or
 * NO_MATCH (a difference, or the needle ending inside the fold, whose units
 * are all letters: one would touch the phrase).
 */
function compareMulti(folded: string, from: number, needle: string, k: number): number {
  for (let u = from; u < folded.length; u++, k++) {
    if (k >= needle.length || folded.charCodeAt(u) !== needle.charCodeAt(k)) return NO_MATCH;
  }
  return k;
}

/**
 * Whether `needle` matches the folded text from the folded character
 * emitted by the unit at `index` (whose fold starts with the needle's first
 * unit) with no letter or digit after it. Returns the original end offset of
 * the match, NO_MATCH, or BAIL when the text holds something only the
 * reference road folds exactly.
 */
function matchAt(units: Uint16Array, length: number, index: number, needle: string): number {
  const needleLength = needle.length;
  let k = 1;
  let lastIsSpace = needle.charCodeAt(0) === 0x20;
  const first = units[index] as number;
  if ((infoOf(first) & KIND_MASK) === K_MULTI) {
    k = compareMulti(multiFolds.get(first) as string, 1, needle, k);
    if (k === NO_MATCH) return NO_MATCH;
  }
  let j = index + 1;
  while (k < needleLength) {
    if (j >= length) return NO_MATCH;
    const info = infoOf(units[j] as number);
    const kind = info & KIND_MASK;
    if (kind === K_ONE) {
      if ((info & 0xffff) !== needle.charCodeAt(k)) return NO_MATCH;
      k++;
      lastIsSpace = false;
    } else if (kind === K_SPACE) {
      if (!lastIsSpace) {
        if (needle.charCodeAt(k) !== 0x20) return NO_MATCH;
        k++;
        lastIsSpace = true;
      }
    } else if (kind === K_MULTI) {
      k = compareMulti(multiFolds.get(units[j] as number) as string, 0, needle, k);
      if (k === NO_MATCH) return NO_MATCH;
      lastIsSpace = false;
    } else if (kind === K_HIGH) {
      // phrases on this road hold no surrogate: a pair never matches
      return pairAt(units, length, j) < 0 ? BAIL : NO_MATCH;
    } else if (kind !== K_EMPTY) {
      return BAIL;
    }
    j++;
  }
  // Marks, and white space after a final space, still belong to the last character.
  for (; j < length; j++) {
    const info = infoOf(units[j] as number);
    const kind = info & KIND_MASK;
    if (kind === K_EMPTY || (kind === K_SPACE && lastIsSpace)) continue;
    // The next folded character decides the boundary after the phrase.
    if (kind === K_ONE || kind === K_MULTI) return (info & WORD_BIT) !== 0 ? NO_MATCH : j;
    if (kind === K_SPACE) return j;
    if (kind === K_HIGH) {
      const pair = pairAt(units, length, j);
      if (pair < 0) return BAIL;
      return pair === 1 ? NO_MATCH : j;
    }
    return BAIL;
  }
  return length;
}

const byOrder = (a: Found, b: Found): number => a.start - b.start || b.end - a.end || a.entry.order - b.entry.order;

/** A match of one phrase of one list, with its span in the original. */
export interface GroupMatch {
  phrase: string;
  /** index of the list the phrase belongs to */
  group: number;
  start: number;
  end: number;
}

/**
 * Several phrase lists compiled together, searched in one pass per text.
 * Masks select lists by index (bit `1 << index`); at most 31 lists.
 */
export interface PhraseGroups {
  /** every match of the selected lists, in text order (as `PhraseMatcher.find`) */
  find(original: string, mask?: number): GroupMatch[];
  /** the selected lists with at least one match, as a mask; stops as soon as all are found */
  present(original: string, mask?: number): number;
  /**
   * Both in one pass: appends to `matches` every match of the lists in
   * `findMask` (in text order), and returns which lists of `presenceMask`
   * have at least one match. The two masks must not overlap.
   */
  search(original: string, findMask: number, presenceMask: number, matches: GroupMatch[]): number;
}

/** What `advance` leaves behind: whether the last folded character is a letter or digit, a space. */
const scanState = new Int32Array(2);
const IN_WORD = 0;
const LAST_IS_SPACE = 1;

/**
 * The inner loop of the fast road: from `start`, goes through plain folded
 * characters, ruling out most word starts from the tables of the compiled
 * lists (the lists with a phrase starting with these one, two, three or four
 * units). Stops at a possible start of a phrase (its state already counted
 * in `scanState`) or at a unit it cannot deal with (not counted); returns
 * where. Free of calls, so that the engine keeps it tight.
 */
function advance(
  units: Uint16Array,
  length: number,
  start: number,
  mask: number,
  firsts: Int32Array,
  pairsOf: Int32Array,
  singlesOf: Int32Array,
  shortsOf: Int32Array,
  exactThreeOf: Int32Array,
  longOf: Int32Array,
  stopAtOther: boolean,
): number {
  const table = unitInfo;
  let inWord = scanState[IN_WORD] as number;
  let lastIsSpace = scanState[LAST_IS_SPACE] as number;
  let i = start;
  for (; i < length; i++) {
    let info = table[units[i] as number] as number;
    if (inWord !== 0) {
      // The rest of a word: nothing can start there. (The unit after the
      // text stops this loop: see `unitsOf`.)
      while ((info & ONE_WORD_MASK) === ONE_WORD) info = table[units[++i] as number] as number;
      if (i >= length) break;
      if ((info & KIND_MASK) === K_ONE) {
        inWord = 0;
        continue;
      }
    }
    if ((info & KIND_MASK) === K_ONE) {
      inWord = info & WORD_BIT;
      lastIsSpace = 0;
      const folded = info & 0xffff;
      if (folded >= 0x80) {
        if (stopAtOther) break;
        continue;
      }
      if (((firsts[folded] as number) & mask) === 0) continue;
      // A look at the next three units rules out most words; whatever is
      // not plain there (or the end of the text) is for the outer loop.
      if (i + 3 >= length) break;
      const second = plainUnit(table[units[i + 1] as number] as number, folded);
      if (second < 0) break;
      const pair = (folded << 7) | (second & 0x7f);
      const one = (second & WORD_BIT) === 0 ? (singlesOf[folded] as number) : 0;
      if ((((pairsOf[pair] as number) | one) & mask) === 0) continue;
      if ((one & mask) !== 0) break;
      const third = plainUnit(table[units[i + 2] as number] as number, second);
      if (third < 0) break;
      if ((third & WORD_BIT) === 0 && ((shortsOf[pair] as number) & mask) !== 0) break;
      const fourth = plainUnit(table[units[i + 3] as number] as number, third);
      if (fourth < 0) break;
      const key = (pair << 7) | (third & 0x7f);
      const three = (fourth & WORD_BIT) === 0 ? (exactThreeOf[hashKey(key)] as number) : 0;
      if (((three | (longOf[hashKey((key << 7) | (fourth & 0x7f))] as number)) & mask) === 0) continue;
      break;
    }
    const kind = info & KIND_MASK;
    if (kind === K_SPACE) {
      if (lastIsSpace !== 0) continue;
      lastIsSpace = 1;
      const after = inWord;
      inWord = 0;
      if (after !== 0 || ((firsts[0x20] as number) & mask) === 0) continue;
      break;
    }
    if (kind === K_EMPTY) continue;
    break;
  }
  scanState[IN_WORD] = inWord;
  scanState[LAST_IS_SPACE] = lastIsSpace;
  return i;
}

export function compilePhraseGroups(groups: readonly (readonly string[])[]): PhraseGroups {
  if (groups.length > 31) throw new RangeError('at most 31 phrase lists');
  const entries: Entry[] = [];
  groups.forEach((phrases, group) => {
    for (const phrase of phrases) {
      const needle = foldPhrase(phrase);
      if (needle !== '') entries.push({ phrase, needle, group, order: entries.length });
    }
  });
  const allGroups = groups.length === 0 ? 0 : (2 ** groups.length - 1) | 0;
  // A needle holding a surrogate could start or end inside a pair: reference road only.
  const fast = entries.every((e) => !/[\uD800-\uDFFF]/.test(e.needle));

  // The lists with a phrase starting with a given folded unit.
  const firstAscii = new Int32Array(0x80);
  const firstOther = new Map<number, number>();
  // Every phrase by its first folded unit: the candidates where the text is not plain.
  const byFirst = new Map<number, Entry[]>();
  // Phrases whose first (up to) four folded units are ASCII, by those units: the candidates
  // in plain text.
  const byPrefix = new Map<number, Entry[]>();
  // The lists with a phrase starting with two given ASCII units; with a one-unit phrase;
  // with a phrase of two units, of three (hashed), of four or more by its first four (hashed).
  const pairs = new Int32Array(0x4000);
  const singles = new Int32Array(0x80);
  const shorts = new Int32Array(0x4000);
  const exactThrees = new Int32Array(1 << HASH_BITS);
  const longs = new Int32Array(1 << HASH_BITS);
  const prefixLengths = new Set<number>();
  const add = (map: Map<number, Entry[]>, key: number, entry: Entry) => {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  };
  for (const entry of entries) {
    const { needle } = entry;
    const first = needle.charCodeAt(0);
    const bit = 1 << entry.group;
    if (first < 0x80) firstAscii[first] = (firstAscii[first] as number) | bit;
    else firstOther.set(first, (firstOther.get(first) ?? 0) | bit);
    add(byFirst, first, entry);
    const prefix: number[] = [];
    for (let k = 0; k < Math.min(needle.length, PREFIX_LENGTH); k++) prefix.push(needle.charCodeAt(k));
    const [a = 0, b = 0, c = 0, d = 0] = prefix;
    // Whether the text goes on as a phrase is first told from its first two
    // units, for every phrase: one with a unit beyond ASCII further on can
    // only match where the text is not plain ASCII, which the outer loop sees.
    if (prefix.length >= 2 && a < 0x80 && b < 0x80) pairs[(a << 7) | b] = (pairs[(a << 7) | b] as number) | bit;
    if (prefix.some((unit) => unit >= 0x80)) continue;
    add(byPrefix, prefixKey(prefix.length, a, b, c, d), entry);
    if (prefix.length === 1) singles[a] = (singles[a] as number) | bit;
    else {
      const pair = (a << 7) | b;
      if (needle.length === 2) shorts[pair] = (shorts[pair] as number) | bit;
      else if (needle.length === 3) {
        const at = hashKey((pair << 7) | c);
        exactThrees[at] = (exactThrees[at] as number) | bit;
      } else {
        const at = hashKey((((pair << 7) | c) << 7) | d);
        longs[at] = (longs[at] as number) | bit;
      }
      prefixLengths.add(prefix.length);
    }
  }
  const lengths = [...prefixLengths].sort((x, y) => x - y);

  /**
   * The phrases that may start with the folded unit `first` (ASCII) emitted
   * by the unit at `index`, from the folded units that follow: those whose
   * first four units are the text's, or every phrase starting with `first`
   * when the text there does not fold to plain ASCII.
   */
  function candidatesAt(
    units: Uint16Array,
    length: number,
    index: number,
    first: number,
    mask: number,
  ): Entry[] | undefined {
    const peek = PEEK;
    peek[0] = first;
    let count = 1;
    let lastIsSpace = first === 0x20;
    for (let j = index + 1; j < length && count < PREFIX_LENGTH; j++) {
      const info = infoOf(units[j] as number);
      const kind = info & KIND_MASK;
      let folded: number;
      if (kind === K_ONE) {
        folded = info & 0xffff;
        if (folded >= 0x80) return byFirst.get(first);
        lastIsSpace = false;
      } else if (kind === K_SPACE) {
        if (lastIsSpace) continue;
        folded = 0x20;
        lastIsSpace = true;
      } else if (kind === K_EMPTY) {
        continue;
      } else if (kind === K_HIGH) {
        break; // a pair: no phrase on this road goes on across it
      } else {
        return byFirst.get(first);
      }
      peek[count++] = folded;
      // Most words stop here: no phrase starts with these two units.
      if (count === 2 && ((pairs[(first << 7) | folded] as number) & mask) === 0) {
        return ((singles[first] as number) & mask) !== 0 ? byPrefix.get(prefixKey(1, first, 0, 0, 0)) : undefined;
      }
    }
    let candidates = ((singles[first] as number) & mask) !== 0 ? byPrefix.get(prefixKey(1, first, 0, 0, 0)) : undefined;
    if (count >= 2) {
      const second = peek[1] as number;
      const third = peek[2] as number;
      const fourth = peek[3] as number;
      for (const prefixLength of lengths) {
        if (prefixLength > count) break;
        const more = byPrefix.get(
          prefixKey(prefixLength, first, second, prefixLength > 2 ? third : 0, prefixLength > 3 ? fourth : 0),
        );
        if (more !== undefined) candidates = candidates === undefined ? more : candidates.concat(more);
      }
    }
    return candidates;
  }

  /**
   * Compares the candidates at `start`. Returns the lists that matched (in
   * `found` mode, after recording the matches), or BAIL.
   */
  function tryAt(
    units: Uint16Array,
    length: number,
    start: number,
    candidates: readonly Entry[],
    mask: number,
    found: Found[],
    presenceOnly: number,
  ): number {
    let bits = 0;
    for (const entry of candidates) {
      const bit = 1 << entry.group;
      if ((mask & bit) === 0 || (bits & bit & presenceOnly) !== 0) continue;
      const end = matchAt(units, length, start, entry.needle);
      if (end === BAIL) return BAIL;
      if (end === NO_MATCH) continue;
      bits |= bit;
      if ((presenceOnly & bit) === 0) found.push({ entry, start, end });
    }
    return bits;
  }

  const anyFirstOther = firstOther.size > 0;

  /**
   * The fast road over `units[0, length)`: collects in `found` every match
   * of the lists in `mask`, except for those in `presenceOnly`, which it
   * only notes and stops looking for once they matched. Returns the lists of
   * `presenceOnly` that matched, or BAIL.
   */
  function scan(units: Uint16Array, length: number, mask: number, found: Found[], presenceOnly: number): number {
    let present = 0;
    scanState[IN_WORD] = 0;
    scanState[LAST_IS_SPACE] = 0;
    let i = 0;
    for (;;) {
      i = advance(units, length, i, mask, firstAscii, pairs, singles, shorts, exactThrees, longs, anyFirstOther);
      if (i >= length) return present;
      // A possible start of a phrase (the state already counts this unit), or a unit to deal with.
      const unit = units[i] as number;
      const info = unitInfo[unit] as number;
      const kind = info & KIND_MASK;
      let candidates: Entry[] | undefined;
      if (kind === K_ONE) {
        const folded = info & 0xffff;
        if (folded < 0x80) candidates = candidatesAt(units, length, i, folded, mask);
        else if (((firstOther.get(folded) ?? 0) & mask) !== 0) candidates = byFirst.get(folded);
      } else if (kind === K_SPACE) {
        candidates = candidatesAt(units, length, i, 0x20, mask);
      } else if (info === 0) {
        computeUnitInfo(unit);
        continue; // and see it again
      } else if (kind === K_MULTI) {
        const after = scanState[IN_WORD] as number;
        scanState[IN_WORD] = WORD_BIT;
        scanState[LAST_IS_SPACE] = 0;
        if (after === 0) {
          const first = (multiFolds.get(unit) as string).charCodeAt(0);
          const lists = (first < 0x80 ? firstAscii[first] : firstOther.get(first)) ?? 0;
          if ((lists & mask) !== 0) candidates = byFirst.get(first);
        }
      } else if (kind === K_HIGH) {
        const pair = pairAt(units, length, i);
        if (pair < 0) return BAIL;
        // no phrase on this road starts inside a pair
        scanState[IN_WORD] = pair === 1 ? WORD_BIT : 0;
        scanState[LAST_IS_SPACE] = 0;
        i += 2;
        continue;
      } else {
        return BAIL;
      }
      if (candidates !== undefined) {
        const bits = tryAt(units, length, i, candidates, mask, found, presenceOnly);
        if (bits === BAIL) return BAIL;
        const noted = bits & presenceOnly;
        if (noted !== 0) {
          present |= noted;
          presenceOnly &= ~noted;
          mask &= ~noted;
          if (mask === 0) return present;
        }
      }
      i++;
    }
  }

  /** The reference road: fold, then every needle with indexOf. In generation order, unsorted. */
  function reference(original: string, mask: number): Found[] {
    const folded = foldText(original);
    const text = folded.text;
    const found: Found[] = [];
    for (const entry of entries) {
      if ((mask & (1 << entry.group)) === 0) continue;
      const needle = entry.needle;
      let from = 0;
      for (;;) {
        const at = text.indexOf(needle, from);
        if (at < 0) break;
        const last = at + needle.length - 1;
        // The boundary test is on the phrase's own edges: a phrase that
        // starts or ends with punctuation ("#1 on Google") still needs no
        // letter or digit right beside it.
        if (!wordBefore(text, at) && !wordAt(text, last + 1)) {
          found.push({ entry, start: folded.starts[at] as number, end: folded.ends[last] as number });
        }
        from = at + 1;
      }
    }
    return found;
  }

  function search(original: string, findMask: number, presenceMask: number, matches: GroupMatch[]): number {
    findMask &= allGroups;
    presenceMask &= allGroups & ~findMask;
    const mask = findMask | presenceMask;
    if (original === '' || entries.length === 0 || mask === 0) return 0;
    let found: Found[] = [];
    let present = 0;
    if (fast) present = scan(unitsOf(original), original.length, mask, found, presenceMask);
    if (!fast || present === BAIL) {
      // The reference order: by phrase, then by position; a stable sort keeps it for ties.
      found = reference(original, mask).sort((a, b) => a.start - b.start || b.end - a.end);
      present = 0;
      for (const { entry } of found) present |= 1 << entry.group;
      present &= presenceMask;
      if (presenceMask !== 0) found = found.filter(({ entry }) => (presenceMask & (1 << entry.group)) === 0);
    } else if (found.length > 1) {
      found.sort(byOrder);
    }
    for (const { entry, start, end } of found) matches.push({ phrase: entry.phrase, group: entry.group, start, end });
    return present;
  }

  return {
    find(original, mask = allGroups) {
      const matches: GroupMatch[] = [];
      search(original, mask, 0, matches);
      return matches;
    },
    present(original, mask = allGroups) {
      return search(original, 0, mask, []);
    },
    search,
  };
}

/** A compiled list, folded once, reusable across many answers. */
export interface PhraseMatcher {
  find(original: string): PhraseMatch[];
  /** Whether `find` would find anything; stops at the first match. */
  test(original: string): boolean;
}

export function compilePhrases(phrases: readonly string[]): PhraseMatcher {
  const groups = compilePhraseGroups([phrases]);
  return {
    find(original) {
      return groups
        .find(original)
        .map(({ phrase, start, end }) => ({ phrase, text: original.slice(start, end), start, end }));
    },
    test(original) {
      return groups.present(original) !== 0;
    },
  };
}
