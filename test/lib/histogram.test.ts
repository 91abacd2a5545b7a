import { describe, expect, it } from 'vitest';
import {
  MAX_BAR_HEIGHT,
  bucketOf,
  escapeXml,
  renderHistogram,
  scoreToX,
  type HistogramInput,
} from '../../src/lib/histogram.js';

const LABELS_EN: HistogramInput['labels'] = {
  title: 'Scores of matching applicants',
  qualify: 'Qualify',
  decline: 'Decline',
  count: '{count} applicants',
  range: 'Score {from}–{to}',
  empty: 'No applicants match these filters',
};

function input(overrides: Partial<HistogramInput> = {}): HistogramInput {
  return {
    buckets: [1, 0, 2, 4, 8, 3, 0, 5, 2, 1],
    qualifyThreshold: 70,
    declineThreshold: 40,
    labels: LABELS_EN,
    ...overrides,
  };
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
}

function bars(svg: string): Rect[] {
  const re =
    /<rect class="bar" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*><title>([^<]*)<\/title><\/rect>/g;
  return [...svg.matchAll(re)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    title: m[5] ?? '',
  }));
}

interface ThresholdLine {
  x: number;
  labelX: number;
  labelY: number;
  label: string;
}

function thresholdLine(svg: string, kind: 'qualify' | 'decline'): ThresholdLine {
  const re = new RegExp(
    `<g class="threshold threshold-${kind}"><line x1="([\\d.]+)"[^>]*x2="([\\d.]+)"[^>]*/><text x="([\\d.]+)" y="([\\d.]+)"[^>]*>([^<]*)</text></g>`,
  );
  const m = re.exec(svg);
  if (!m) throw new Error(`no ${kind} threshold line in ${svg}`);
  expect(m[1]).toBe(m[2]); // vertical
  return { x: Number(m[1]), labelX: Number(m[3]), labelY: Number(m[4]), label: m[5] ?? '' };
}

describe('bucketOf', () => {
  it.each([
    [0, 0],
    [9, 0],
    [10, 1],
    [89, 8],
    [90, 9],
    [99, 9],
    [100, 9],
  ])('puts score %i in bucket %i', (score, bucket) => {
    expect(bucketOf(score)).toBe(bucket);
  });

  it('clamps a negative score into the first bucket', () => {
    expect(bucketOf(-5)).toBe(0);
  });

  it('clamps a score above 100 into the last bucket', () => {
    expect(bucketOf(150)).toBe(9);
  });
});

describe('escapeXml', () => {
  it('escapes all five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });

  it('leaves ordinary text, including accents and dashes, untouched', () => {
    expect(escapeXml('Score 10–19 · candidats éligibles')).toBe('Score 10–19 · candidats éligibles');
  });
});

describe('renderHistogram', () => {
  it('draws one bar per non-empty bucket', () => {
    const { svg } = renderHistogram(input());
    expect(bars(svg)).toHaveLength(8);
  });

  it('positions each bar over its own bucket of the axis', () => {
    const { svg } = renderHistogram(input({ buckets: [0, 0, 0, 0, 0, 0, 0, 3, 0, 0] }));
    const [bar] = bars(svg);
    expect(bar).toBeDefined();
    expect(bar!.x).toBeGreaterThanOrEqual(scoreToX(70));
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(scoreToX(80));
  });

  it('gives the tallest bar the full height and a half-count bucket half of it', () => {
    const { svg } = renderHistogram(input({ buckets: [0, 0, 0, 4, 8, 0, 0, 0, 0, 0] }));
    const [half, tallest] = bars(svg);
    expect(tallest!.height).toBe(MAX_BAR_HEIGHT);
    expect(half!.height).toBeCloseTo(MAX_BAR_HEIGHT / 2, 2);
    // Both stand on the same baseline.
    expect(half!.y + half!.height).toBeCloseTo(tallest!.y + tallest!.height, 2);
  });

  it('gives each bar a tooltip with its score range and count', () => {
    const { svg } = renderHistogram(input({ buckets: [0, 0, 0, 0, 0, 0, 0, 0, 0, 12] }));
    expect(bars(svg).map((b) => b.title)).toEqual(['Score 90–100, 12 applicants']);
  });

  it('labels the x axis 0, 10, … 100', () => {
    const { svg } = renderHistogram(input());
    const ticks = [...svg.matchAll(/<text class="tick"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(ticks).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('draws the default thresholds at scores 70 and 40', () => {
    const { svg } = renderHistogram(input());
    const qualify = thresholdLine(svg, 'qualify');
    const decline = thresholdLine(svg, 'decline');
    expect(qualify.x).toBeCloseTo(scoreToX(70), 2);
    expect(decline.x).toBeCloseTo(scoreToX(40), 2);
    expect(qualify.label).toBe('Qualify 70');
    expect(decline.label).toBe('Decline 40');
    // 70 sits seven tenths of the way between the 0 and 100 ticks.
    expect((qualify.x - scoreToX(0)) / (scoreToX(100) - scoreToX(0))).toBeCloseTo(0.7, 5);
  });

  it('moves the threshold lines when the thresholds change', () => {
    const { svg } = renderHistogram(input({ qualifyThreshold: 55, declineThreshold: 20 }));
    expect(thresholdLine(svg, 'qualify').x).toBeCloseTo(scoreToX(55), 2);
    expect(thresholdLine(svg, 'decline').x).toBeCloseTo(scoreToX(20), 2);
    expect(thresholdLine(svg, 'qualify').label).toBe('Qualify 55');
  });

  it('colours the thresholds with the accessible red and green', () => {
    const { svg } = renderHistogram(input());
    expect(svg).toMatch(/threshold-decline"><line [^>]*stroke="#d4351c"/);
    expect(svg).toMatch(/threshold-qualify"><line [^>]*stroke="#00703c"/);
  });

  it('keeps threshold labels from overlapping when the thresholds are close', () => {
    for (const [q, d] of [
      [42, 40],
      [3, 1],
      [100, 98],
    ] as const) {
      const { svg } = renderHistogram(input({ qualifyThreshold: q, declineThreshold: d }));
      const qualify = thresholdLine(svg, 'qualify');
      const decline = thresholdLine(svg, 'decline');
      // Same row only if the (generously estimated) text boxes are apart.
      if (qualify.labelY === decline.labelY) {
        const [left, right] = qualify.labelX < decline.labelX ? [qualify, decline] : [decline, qualify];
        expect(left.labelX + left.label.length * 16 * 0.6).toBeLessThan(right.labelX);
      }
      // Every label stays inside the 480-unit-wide viewBox.
      for (const t of [qualify, decline]) {
        expect(t.labelX).toBeGreaterThanOrEqual(0);
        expect(t.labelX + t.label.length * 16 * 0.6).toBeLessThanOrEqual(480);
      }
    }
  });

  it('stacks the labels on separate rows when both thresholds are at the edge', () => {
    const { svg } = renderHistogram(input({ qualifyThreshold: 2, declineThreshold: 0 }));
    expect(thresholdLine(svg, 'qualify').labelY).not.toBe(thresholdLine(svg, 'decline').labelY);
  });

  it('escapes markup and ampersands in every label', () => {
    const { svg, summary } = renderHistogram(
      input({
        labels: {
          title: '<script>alert(1)</script> & co',
          qualify: 'Q&A <b>',
          decline: '"D" \'x\'',
          count: '{count} <i>people</i>',
          range: 'Score {from}&{to}',
          empty: '<none>',
        },
      }),
    );
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<i>');
    expect(svg).toContain('<title id="histogram-title">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>');
    expect(svg).toContain('Q&amp;A &lt;b&gt; 70');
    expect(svg).toContain('&quot;D&quot; &apos;x&apos; 40');
    expect(svg).toContain('<title>Score 0&amp;9, 1 &lt;i&gt;people&lt;/i&gt;</title>');
    // Every & in the output starts an entity.
    expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    // The summary is plain text; escaping is the caller's template's job.
    expect(summary).toContain('Q&A <b> 70');
  });

  it('is an image labelled by a title and description that exist inside it', () => {
    const { svg } = renderHistogram(input(), 'owner-hist');
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    const open = /^<svg [^>]*>/.exec(svg)?.[0] ?? '';
    expect(open).toContain('role="img"');
    expect(open).toContain('width="100%"');
    expect(open).toMatch(/viewBox="0 0 \d+ \d+"/);
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(open)?.[1];
    expect(labelledBy).toBe('owner-hist-title owner-hist-desc');
    for (const id of labelledBy!.split(' ')) {
      expect(svg).toMatch(new RegExp(`<(title|desc) id="${id}">[^<]+</\\1>`));
    }
  });

  it('makes ids from an unsafe prefix usable in aria-labelledby', () => {
    const { svg } = renderHistogram(input(), '1 bad"id');
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(svg)?.[1] ?? '';
    const ids = labelledBy.split(' ');
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z][\w-]*$/);
      expect(svg).toContain(`id="${id}"`);
    }
  });

  it('contains no script, event handlers or style attributes', () => {
    const { svg } = renderHistogram(input());
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/\son\w+=/i);
    expect(svg).not.toMatch(/\sstyle=/i);
    expect(svg).not.toMatch(/<style/i);
  });

  it('describes the chart with the summary when there are applicants', () => {
    const { svg, summary } = renderHistogram(input());
    expect(summary).toBe('26 applicants; Qualify 70, Decline 40');
    expect(svg).toContain(`<desc id="histogram-desc">${escapeXml(summary)}</desc>`);
  });

  it('fills a {threshold} placeholder in the threshold labels', () => {
    const { summary } = renderHistogram(
      input({
        labels: {
          ...LABELS_EN,
          count: '{count} candidats',
          qualify: 'seuil de qualification {threshold}',
          decline: 'seuil de refus {threshold}',
        },
      }),
    );
    expect(summary).toBe('26 candidats; seuil de qualification 70, seuil de refus 40');
  });

  it('draws no bars and gives the empty description when every bucket is zero', () => {
    const { svg, rows } = renderHistogram(input({ buckets: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }));
    expect(bars(svg)).toHaveLength(0);
    expect(svg).not.toContain('<rect');
    expect(svg).toContain('<desc id="histogram-desc">No applicants match these filters</desc>');
    expect(rows.every((r) => r.count === 0)).toBe(true);
  });

  it('returns rows covering 0–100 whose counts sum to the total', () => {
    const buckets = [1, 0, 2, 4, 8, 3, 0, 5, 2, 1];
    const { rows, summary } = renderHistogram(input({ buckets }));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ from: 0, to: 9, count: 1 });
    expect(rows[9]).toEqual({ from: 90, to: 100, count: 1 });
    expect(rows.map((r) => r.count)).toEqual(buckets);
    const total = rows.reduce((sum, r) => sum + r.count, 0);
    expect(total).toBe(26);
    expect(summary.startsWith(`${total} applicants`)).toBe(true);
  });

  it('rejects a bucket list that is not exactly ten long', () => {
    expect(() => renderHistogram(input({ buckets: [1, 2, 3] }))).toThrow(RangeError);
  });
});
