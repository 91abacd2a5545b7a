/**
 * Score histogram for the owner's applicants list: a server-rendered SVG
 * (no script, no inline styles, so it works under a strict CSP), plus the
 * same data as table rows and a one-sentence summary for the text
 * alternative.
 *
 * Scores are whole numbers 0–100 split into ten buckets: bucket i covers
 * 10*i .. 10*i+9, and the last bucket covers 90..100 inclusive.
 */

export interface HistogramInput {
  /** Counts of applicants per score bucket: bucket i covers scores 10*i .. 10*i+9, and the last bucket (i = 9) covers 90..100 inclusive. Exactly 10 numbers. */
  buckets: readonly number[];
  /** 0..100 */
  qualifyThreshold: number;
  /** 0..100 */
  declineThreshold: number;
  labels: {
    title: string;
    /** Short label drawn next to the qualify line, e.g. "Qualify". A `{threshold}` placeholder is filled in; without one the value is appended after a space. */
    qualify: string;
    /** Short label drawn next to the decline line, e.g. "Decline". Same `{threshold}` rule as `qualify`. */
    decline: string;
    /** e.g. "{count} applicants" or "{count} candidats". */
    count: string;
    /** e.g. "Score {from}–{to}". */
    range: string;
    /** e.g. "No applicants match these filters". */
    empty: string;
  };
}

export interface Histogram {
  /** A complete <svg> element, role="img", labelled by its own <title> and <desc>. */
  svg: string;
  /** The same data as rows for a <table> fallback. */
  rows: { from: number; to: number; count: number }[];
  /** One sentence: total count, then both thresholds. */
  summary: string;
}

export const BUCKET_COUNT = 10;

/** Colours with at least 4.5:1 contrast against white. */
const COLOURS = {
  bar: '#1d70b8',
  text: '#0b0c0c',
  decline: '#d4351c',
  qualify: '#00703c',
} as const;

// Geometry, in viewBox units. The SVG scales to its container (width="100%"),
// so at 320 CSS px these are multiplied by 320 / WIDTH.
const WIDTH = 480;
const HEIGHT = 292;
const FONT_SIZE = 16;
/** Rough advance width of one character, as a fraction of the font size (generous for sans-serif). */
const CHAR_WIDTH = 0.6;
const PLOT_LEFT = 24;
const PLOT_RIGHT = 464;
const PLOT_WIDTH = PLOT_RIGHT - PLOT_LEFT;
/** Baselines of the two rows of threshold labels above the plot. */
const LABEL_ROWS = [18, 40] as const;
/** Top of the tallest bar; the space above it holds the bar's count and the threshold labels. */
const BAR_TOP = 72;
/** The x axis. */
const PLOT_BOTTOM = 260;
export const MAX_BAR_HEIGHT = PLOT_BOTTOM - BAR_TOP;
const BAR_GAP = 2;
const TICK_LENGTH = 6;
const TICK_LABEL_BASELINE = PLOT_BOTTOM + 22;
const LABEL_GAP = 4;
const EDGE_MARGIN = 2;

/** Escapes the five XML special characters, for text content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

/** The bucket (0..9) a score falls in; scores outside 0..100 are clamped. */
export function bucketOf(score: number): number {
  if (Number.isNaN(score)) return 0;
  const clamped = Math.min(100, Math.max(0, score));
  return Math.min(BUCKET_COUNT - 1, Math.floor(clamped / 10));
}

/** The x coordinate (viewBox units) of a score on the axis. */
export function scoreToX(score: number): number {
  return PLOT_LEFT + (clampScore(score) / 100) * PLOT_WIDTH;
}

export function renderHistogram(input: HistogramInput, idPrefix = 'histogram'): Histogram {
  if (input.buckets.length !== BUCKET_COUNT) {
    throw new RangeError(`Expected ${BUCKET_COUNT} buckets, got ${input.buckets.length}`);
  }
  const { labels } = input;
  const counts = input.buckets.map((n) => (Number.isFinite(n) && n > 0 ? n : 0));
  const rows = counts.map((count, i) => ({
    from: i * 10,
    to: i === BUCKET_COUNT - 1 ? 100 : i * 10 + 9,
    count,
  }));
  const total = counts.reduce((sum, n) => sum + n, 0);
  const max = Math.max(0, ...counts);

  const qualifyText = thresholdText(labels.qualify, input.qualifyThreshold);
  const declineText = thresholdText(labels.decline, input.declineThreshold);
  const summary = `${fill(labels.count, { count: total })}; ${qualifyText}, ${declineText}`;
  const description = total === 0 ? labels.empty : summary;

  const prefix = safeIdPrefix(idPrefix);
  const titleId = `${prefix}-title`;
  const descId = `${prefix}-desc`;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${titleId} ${descId}"` +
      ` viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet"` +
      ` font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="${FONT_SIZE}" fill="${COLOURS.text}">`,
  );
  parts.push(`<title id="${titleId}">${escapeXml(labels.title)}</title>`);
  parts.push(`<desc id="${descId}">${escapeXml(description)}</desc>`);

  // Bars, each with its count above it and a tooltip.
  if (max > 0) {
    parts.push(`<g class="bars">`);
    rows.forEach((row, i) => {
      if (row.count === 0) return;
      const height = (row.count / max) * MAX_BAR_HEIGHT;
      const x = PLOT_LEFT + i * (PLOT_WIDTH / BUCKET_COUNT) + BAR_GAP;
      const width = PLOT_WIDTH / BUCKET_COUNT - 2 * BAR_GAP;
      const y = PLOT_BOTTOM - height;
      const tooltip = `${fill(labels.range, { from: row.from, to: row.to })}, ${fill(labels.count, { count: row.count })}`;
      parts.push(
        `<rect class="bar" x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" fill="${COLOURS.bar}">` +
          `<title>${escapeXml(tooltip)}</title></rect>`,
      );
      parts.push(
        `<text class="bar-count" x="${num(x + width / 2)}" y="${num(y - 6)}" text-anchor="middle">${escapeXml(String(row.count))}</text>`,
      );
    });
    parts.push(`</g>`);
  } else {
    parts.push(
      `<text class="empty" x="${num((PLOT_LEFT + PLOT_RIGHT) / 2)}" y="${num((BAR_TOP + PLOT_BOTTOM) / 2)}" text-anchor="middle">${escapeXml(labels.empty)}</text>`,
    );
  }

  // The x axis with ticks every 10 points.
  parts.push(`<g class="axis">`);
  parts.push(
    `<line x1="${num(PLOT_LEFT)}" y1="${num(PLOT_BOTTOM)}" x2="${num(PLOT_RIGHT)}" y2="${num(PLOT_BOTTOM)}" stroke="${COLOURS.text}" stroke-width="1"/>`,
  );
  for (let score = 0; score <= 100; score += 10) {
    const x = num(scoreToX(score));
    parts.push(
      `<line x1="${x}" y1="${num(PLOT_BOTTOM)}" x2="${x}" y2="${num(PLOT_BOTTOM + TICK_LENGTH)}" stroke="${COLOURS.text}" stroke-width="1"/>`,
    );
    parts.push(`<text class="tick" x="${x}" y="${num(TICK_LABEL_BASELINE)}" text-anchor="middle">${score}</text>`);
  }
  parts.push(`</g>`);

  // Threshold lines with their labels.
  const markers = placeThresholdLabels([
    { kind: 'decline', threshold: input.declineThreshold, text: declineText, colour: COLOURS.decline, dash: '6 4' },
    { kind: 'qualify', threshold: input.qualifyThreshold, text: qualifyText, colour: COLOURS.qualify, dash: undefined },
  ]);
  for (const m of markers) {
    const x = num(m.x);
    parts.push(`<g class="threshold threshold-${m.kind}">`);
    parts.push(
      `<line x1="${x}" y1="${num(m.baseline + 6)}" x2="${x}" y2="${num(PLOT_BOTTOM)}" stroke="${m.colour}" stroke-width="2"` +
        (m.dash ? ` stroke-dasharray="${m.dash}"` : '') +
        `/>`,
    );
    parts.push(
      `<text x="${num(m.textX)}" y="${num(m.baseline)}" fill="${m.colour}" font-weight="bold">${escapeXml(m.text)}</text>`,
    );
    parts.push(`</g>`);
  }

  parts.push(`</svg>`);
  return { svg: parts.join(''), rows, summary };
}

interface ThresholdMarker {
  kind: 'qualify' | 'decline';
  threshold: number;
  text: string;
  colour: string;
  dash: string | undefined;
}

interface PlacedMarker extends ThresholdMarker {
  /** x of the line */
  x: number;
  /** x where the (start-anchored) label begins */
  textX: number;
  /** baseline of the label's row */
  baseline: number;
}

/**
 * The label of the lower threshold goes to the left of its line and the
 * higher one to the right, so they point away from each other. Near the
 * edges a label is pushed back inside the viewBox; if the two labels then
 * overlap, they go on separate rows, the one that crosses the other's line
 * on top so that line (which starts at its own label) does not strike it.
 */
function placeThresholdLabels(markers: [ThresholdMarker, ThresholdMarker]): PlacedMarker[] {
  const [a, b] = markers;
  const [low, high] = a.threshold <= b.threshold ? [a, b] : [b, a];

  const place = (m: ThresholdMarker, side: 'left' | 'right') => {
    const x = scoreToX(m.threshold);
    const width = textWidth(m.text);
    let start = side === 'left' ? x - LABEL_GAP - width : x + LABEL_GAP;
    start = Math.min(start, WIDTH - EDGE_MARGIN - width);
    start = Math.max(start, EDGE_MARGIN);
    return { ...m, x, textX: start, end: start + width };
  };
  const lowPlaced = place(low, 'left');
  const highPlaced = place(high, 'right');

  const overlap =
    lowPlaced.textX < highPlaced.end + LABEL_GAP && highPlaced.textX < lowPlaced.end + LABEL_GAP;
  let lowRow = 0;
  let highRow = 0;
  if (overlap) {
    // Whichever label spans the other's line goes on the top row.
    const lowCrossesHigh = lowPlaced.end >= highPlaced.x;
    lowRow = lowCrossesHigh ? 0 : 1;
    highRow = lowCrossesHigh ? 1 : 0;
  }
  const strip = ({ end: _end, ...rest }: ThresholdMarker & { x: number; textX: number; end: number }, row: number) => ({
    ...rest,
    baseline: LABEL_ROWS[row as 0 | 1],
  });
  return [strip(lowPlaced, lowRow), strip(highPlaced, highRow)];
}

function textWidth(text: string): number {
  return [...text].length * FONT_SIZE * CHAR_WIDTH;
}

function thresholdText(template: string, threshold: number): string {
  const value = formatScore(threshold);
  return template.includes('{threshold}') ? fill(template, { threshold: value }) : `${template} ${value}`;
}

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match,
  );
}

function clampScore(score: number): number {
  if (Number.isNaN(score)) return 0;
  return Math.min(100, Math.max(0, score));
}

function formatScore(score: number): string {
  return Number.isFinite(score) ? num(score) : String(score);
}

/** A coordinate with at most two decimals and no trailing zeros. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** An id prefix usable in an id and in a space-separated aria-labelledby list. */
function safeIdPrefix(prefix: string): string {
  const cleaned = prefix.replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `h-${cleaned}`;
}
