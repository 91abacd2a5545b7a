import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applicationEvents, applications } from '../../src/db/schema.js';
import { CSV_COLUMNS } from '../../src/lib/csv-export.js';
import { buildTestApp, html, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/database.js';
import { createOwner, post, seedApplication, signIn, visit, type Browser } from '../helpers/owners.js';

const TOXIC = {
  name: 'Toxic Tom',
  company: 'Fast & Cheap Ltd',
  email: 'tom@cheap.example',
  contact_preference: 'anytime',
  payment_terms: 'after_results',
  goals: 'We need #1 on Google within weeks, it is URGENT. Our last agency was useless.',
};

/** Reads a CSV made of RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

describe.each(databaseKinds())('the owner’s applicants on %s', (kind) => {
  let t: TestApp;
  let owner: Browser;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    await createOwner(t.database.db);
    owner = await signIn(t.app);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.database.db.delete(applicationEvents);
    await t.database.db.delete(applications);
  });

  const day = (n: number, hour = 12) => new Date(Date.UTC(2026, 10, n, hour));

  async function seedMix() {
    const good = await seedApplication(t.database.db, { name: 'Camille Durand', email: 'camille@dentaire.example' }, { submittedAt: day(3) });
    const toxic = await seedApplication(t.database.db, TOXIC, { submittedAt: day(5) });
    const review = await seedApplication(
      t.database.db,
      { name: 'Rita Review', company: 'Peut-être SARL', monthly_budget: '2500', role: 'employee', start_timeline: 'later' },
      { submittedAt: day(7) },
    );
    const spam = await seedApplication(t.database.db, { name: 'Bot', company: 'Spam Inc' }, { submittedAt: day(9), honeypot: true });
    return { good, toxic, review, spam };
  }

  const names = (response: Parameters<typeof html>[0]) => html(response).querySelectorAll('table.table tbody tr td:first-child a').map((a) => a.text);

  describe('the list', () => {
    it('shows each applicant with company, budget, score bar, outcome, red flags and decision', async () => {
      const { good, toxic } = await seedMix();
      const page = html(await visit(t.app, owner, '/admin/applicants'));
      const rows = page.querySelectorAll('table.table tbody tr');
      expect(rows).toHaveLength(4);
      const tomRow = rows.find((r) => r.text.includes('Toxic Tom'));
      expect(tomRow?.querySelector('a')?.getAttribute('href')).toBe(`/admin/applicants/${toxic.id}`);
      expect(tomRow?.text).toContain('Fast &amp; Cheap Ltd'.replace('&amp;', '&'));
      expect(tomRow?.querySelector('.badge--declined')?.text).toBe('Declined');
      expect(tomRow?.querySelector('td.numeric:last-of-type, td:nth-child(7)')?.text.trim()).toBe(String(toxic.screening.flags.length));
      const camille = rows.find((r) => r.text.includes('Camille'));
      expect(camille?.text).toContain('€5,000');
      expect(camille?.querySelector('.score__value')?.text).toBe(String(good.screening.score));
      expect(camille?.querySelector('rect.score__fill')?.getAttribute('width')).toBe(String(good.screening.score));
      expect(camille?.querySelector('.badge--undecided')?.text).toBe('Undecided');
    });

    it('counts each outcome and decision in its tab', async () => {
      await seedMix();
      const page = html(await visit(t.app, owner, '/admin/applicants'));
      const tabs = page.querySelectorAll('.tabs__link').map((a) => a.text.replace(/\s+/g, ' ').trim());
      expect(tabs).toEqual([
        'All 4',
        'Qualified 1',
        'To review 1',
        'Declined 1',
        'Spam 1',
        'All 4',
        'Undecided 4',
        'Invited 0',
        'Rejected 0',
      ]);
    });

    it.each([
      ['outcome=qualified', ['Camille Durand']],
      ['outcome=spam', ['Bot']],
      ['flag=pays_after_results', ['Toxic Tom']],
      ['q=DENTAIRE', ['Camille Durand']],
      ['q=cheap.example', ['Toxic Tom']],
      ['q=peut-%C3%AAtre', ['Rita Review']],
      ['q=100%25', []],
      ['from=2026-11-05&to=2026-11-07', ['Rita Review', 'Toxic Tom']],
      ['to=2026-11-03', ['Camille Durand']],
      ['decision=invited', []],
    ])('filters with %s', async (query, expected) => {
      await seedMix();
      expect(names(await visit(t.app, owner, `/admin/applicants?${query}`))).toEqual(expected);
    });

    it('filters by decision once the owner has decided', async () => {
      const { review } = await seedMix();
      await visit(t.app, owner, `/admin/applicants/${review.id}`);
      await post(t.app, owner, `/admin/applicants/${review.id}/decision`, { decision: 'invited' });
      expect(names(await visit(t.app, owner, '/admin/applicants?decision=invited'))).toEqual(['Rita Review']);
    });

    it.each([
      ['sort=score_desc', ['Bot', 'Camille Durand', 'Rita Review', 'Toxic Tom']],
      ['sort=score_asc', ['Toxic Tom', 'Rita Review', 'Camille Durand', 'Bot']],
      ['sort=date_asc', ['Camille Durand', 'Toxic Tom', 'Rita Review', 'Bot']],
      ['', ['Bot', 'Rita Review', 'Toxic Tom', 'Camille Durand']],
    ])('sorts with %s', async (query, expected) => {
      await seedMix();
      const listed = names(await visit(t.app, owner, `/admin/applicants?${query}`));
      // Bot and Camille have the same answers, so the same score: the later one comes first among equals.
      expect(listed).toEqual(expected);
    });

    it.each([['outcome=maybe'], ['sort=random'], ['flag=nope'], ['from=2026-13-45'], ['outcome=qualified&outcome=spam']])(
      'answers 400 to a filter it cannot read (%s)',
      async (query) => {
        const response = await visit(t.app, owner, `/admin/applicants?${query}`);
        expect(response.statusCode).toBe(400);
      },
    );

    it('draws the score histogram with both thresholds and a text alternative', async () => {
      await seedMix();
      const page = html(await visit(t.app, owner, '/admin/applicants'));
      const svg = page.querySelector('figure.histogram svg');
      expect(svg?.getAttribute('role')).toBe('img');
      expect(svg?.text).toContain('Qualify at 70');
      expect(svg?.text).toContain('Decline below 40');
      const counts = page.querySelectorAll('figure.histogram tbody tr').map((tr) => Number(tr.querySelectorAll('td')[1]?.text));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    });
  });

  describe('keyset pages', () => {
    const idOf = (href: string | undefined) => String(href).split('/')[3]?.split('?')[0] ?? '';

    it('walks every applicant exactly once, ties included, forwards and back, on every sort', async () => {
      // 120 applicants on 3 scores: many equal scores and equal timestamps.
      const ids: string[] = [];
      for (let i = 0; i < 120; i++) {
        const budget = ['5000', '3250', '2000'][i % 3] as string;
        const { id } = await seedApplication(t.database.db, { name: `Applicant ${i}`, monthly_budget: budget }, { submittedAt: day(1 + (i % 10)) });
        ids.push(id);
      }
      for (const sort of ['score_desc', 'score_asc', 'date_desc', 'date_asc']) {
        const seen: string[] = [];
        const pages: string[] = [];
        let url: string | null = `/admin/applicants?sort=${sort}`;
        while (url) {
          pages.push(url);
          const page = html(await visit(t.app, owner, url));
          seen.push(...page.querySelectorAll('table.table tbody tr td:first-child a').map((a) => idOf(a.getAttribute('href'))));
          url = page.querySelector('a[rel=next]')?.getAttribute('href') ?? null;
        }
        expect(pages).toHaveLength(3);
        expect(seen).toHaveLength(120);
        expect(new Set(seen)).toEqual(new Set(ids));

        // Back from the last page gives the middle page again.
        const last = html(await visit(t.app, owner, pages[2] as string));
        const previousUrl = last.querySelector('a[rel=prev]')?.getAttribute('href') as string;
        const middle = html(await visit(t.app, owner, previousUrl));
        const middleIds = middle.querySelectorAll('table.table tbody tr td:first-child a').map((a) => idOf(a.getAttribute('href')));
        expect(middleIds).toEqual(seen.slice(50, 100));
      }
    });

    it.each([
      ['garbage', 'after=%%%'],
      ['base64 of nonsense', `after=${Buffer.from('{"k":"date_desc"}').toString('base64url')}`],
      ['a cursor of another sort', `sort=score_desc&after=${Buffer.from(JSON.stringify({ k: 'date_desc', s: 50, t: '2026-11-01T00:00:00.000Z', i: '3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f' })).toString('base64url')}`],
      ['an SQL injection', `after=${Buffer.from(JSON.stringify({ k: 'date_desc', s: 50, t: "2026-11-01'; drop table applications;--", i: 'x' })).toString('base64url')}`],
    ])('answers 400 to a tampered cursor (%s)', async (_label, query) => {
      const response = await visit(t.app, owner, `/admin/applicants?${query}`);
      expect(response.statusCode).toBe(400);
    });
  });

  describe('one applicant', () => {
    it('explains the decline: every flag, its severity, points and evidence, with the words highlighted', async () => {
      const { toxic } = await seedMix();
      const response = await visit(t.app, owner, `/admin/applicants/${toxic.id}`);
      expect(response.statusCode).toBe(200);
      const page = html(response);
      expect(page.querySelector('h1')?.text).toContain('Toxic Tom');
      const flagRows = page.querySelectorAll('tr.flag');
      expect(flagRows.map((r) => r.querySelector('code')?.text)).toEqual(toxic.screening.flags.map((f) => f.rule));
      const hard = flagRows.find((r) => r.text.includes('pays_after_results'));
      expect(hard?.text).toContain('Hard: declines');
      expect(hard?.text).toContain('Only once results arrive');
      const guaranteed = flagRows.find((r) => r.text.includes('guaranteed_rankings'));
      expect(guaranteed?.text).toContain('−15');
      expect(guaranteed?.text).toContain('“#1 on Google” in “What do you want to achieve?”');
      expect(page.querySelectorAll('#answer-goals mark').map((m) => m.text)).toEqual(['#1 on Google', 'URGENT', 'useless']);
      expect(page.text).toContain('A hard red flag declines on its own.');
      expect(page.text).toContain('Screened under settings version 1.');
    });

    it('escapes hostile answers', async () => {
      const { id } = await seedApplication(t.database.db, {
        name: '<script>alert("name")</script>',
        goals: 'Our goal: <img src=x onerror=alert(1)> and #1 on Google <b>now</b>',
      });
      const response = await visit(t.app, owner, `/admin/applicants/${id}`);
      expect(response.body).not.toContain('<script>alert("name")</script>');
      expect(response.body).not.toContain('<img src=x');
      expect(response.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html(response).querySelector('#answer-goals mark')?.text).toBe('#1 on Google');
      const list = await visit(t.app, owner, '/admin/applicants');
      expect(list.body).not.toContain('<script>alert("name")</script>');
    });

    it('answers 404 to an unknown or malformed id', async () => {
      expect((await visit(t.app, owner, '/admin/applicants/3f1c1f9e-8d7a-4c4b-9d6e-2a4b5c6d7e8f')).statusCode).toBe(404);
      expect((await visit(t.app, owner, '/admin/applicants/not-an-id')).statusCode).toBe(404);
      expect((await visit(t.app, owner, "/admin/applicants/1'%20or%20'1'='1")).statusCode).toBe(404);
    });

    it('keeps decisions and notes, with who and when, in order', async () => {
      const { good } = await seedMix();
      await visit(t.app, owner, `/admin/applicants/${good.id}`);
      const invited = await post(t.app, owner, `/admin/applicants/${good.id}/decision`, { decision: 'invited', note: 'Strong fit.' });
      expect(invited.statusCode).toBe(303);
      expect(invited.headers.location).toBe(`/admin/applicants/${good.id}`);
      t.clock.advance(60);
      await post(t.app, owner, `/admin/applicants/${good.id}/notes`, { note: 'Call booked for Tuesday <10am>.' });
      t.clock.advance(60);
      await post(t.app, owner, `/admin/applicants/${good.id}/decision`, { decision: 'rejected' });

      const [row] = await t.database.db.select().from(applications).where(eq(applications.id, good.id));
      expect(row?.decision).toBe('rejected');
      const page = html(await visit(t.app, owner, `/admin/applicants/${good.id}`));
      const events = page.querySelectorAll('.events__item').map((li) => li.text.replace(/\s+/g, ' ').trim());
      expect(events).toHaveLength(3);
      expect(events[0]).toContain('owner@agency.example set the decision to “Invited”');
      expect(events[0]).toContain('Strong fit.');
      expect(events[1]).toContain('owner@agency.example wrote');
      expect(events[1]).toContain('Call booked for Tuesday <10am>.');
      expect(events[2]).toContain('“Rejected”');
      expect(page.querySelector('.meta .badge--rejected')?.text).toBe('Rejected');
    });

    it('refuses an empty note with 422 and a message by the field', async () => {
      const { good } = await seedMix();
      await visit(t.app, owner, `/admin/applicants/${good.id}`);
      const response = await post(t.app, owner, `/admin/applicants/${good.id}/notes`, { note: '   ' });
      expect(response.statusCode).toBe(422);
      expect(html(response).querySelector('.error-summary a[href="#note"]')?.text).toBe('Enter a note');
      expect(await t.database.db.select().from(applicationEvents)).toHaveLength(0);
    });

    it('refuses an unknown decision with 400', async () => {
      const { good } = await seedMix();
      await visit(t.app, owner, `/admin/applicants/${good.id}`);
      const response = await post(t.app, owner, `/admin/applicants/${good.id}/decision`, { decision: 'maybe' });
      expect(response.statusCode).toBe(400);
    });

    it('links to the previous and next applicant of the current list', async () => {
      const { good, toxic, review } = await seedMix();
      const page = html(await visit(t.app, owner, `/admin/applicants/${toxic.id}?sort=date_asc&outcome=`));
      expect(page.querySelector('a[rel=prev]')?.getAttribute('href')).toBe(`/admin/applicants/${good.id}?sort=date_asc`);
      expect(page.querySelector('a[rel=next]')?.getAttribute('href')).toBe(`/admin/applicants/${review.id}?sort=date_asc`);
      const filtered = html(await visit(t.app, owner, `/admin/applicants/${toxic.id}?outcome=declined`));
      expect(filtered.querySelector('a[rel=prev]')).toBeNull();
      expect(filtered.querySelector('a[rel=next]')).toBeNull();
    });

    it('downloads everything about an applicant as JSON', async () => {
      const { toxic } = await seedMix();
      await visit(t.app, owner, `/admin/applicants/${toxic.id}`);
      await post(t.app, owner, `/admin/applicants/${toxic.id}/notes`, { note: 'Not for us.' });
      const response = await visit(t.app, owner, `/admin/applicants/${toxic.id}/data.json`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-disposition']).toContain('attachment');
      const data = response.json();
      expect(data.answers.name).toBe('Toxic Tom');
      expect(data.screening.outcome).toBe('declined');
      expect(data.screening.red_flags).toContain('pays_after_results');
      expect(data.notes_and_decisions).toEqual([expect.objectContaining({ kind: 'note', body: 'Not for us.' })]);
    });

    it('deletes an applicant everywhere after a confirmation', async () => {
      const { toxic } = await seedMix();
      await visit(t.app, owner, `/admin/applicants/${toxic.id}`);
      await post(t.app, owner, `/admin/applicants/${toxic.id}/notes`, { note: 'Erase me' });
      const confirm = await visit(t.app, owner, `/admin/applicants/${toxic.id}/delete`);
      expect(html(confirm).querySelector('h1')?.text).toBe('Delete Toxic Tom?');
      const deleted = await post(t.app, owner, `/admin/applicants/${toxic.id}/delete`, {});
      expect(deleted.statusCode).toBe(303);
      expect(deleted.headers.location).toBe('/admin/applicants');
      const list = await visit(t.app, owner, '/admin/applicants');
      expect(html(list).querySelector('.notification')?.text).toContain('Toxic Tom was deleted.');
      expect(names(list)).not.toContain('Toxic Tom');
      expect((await visit(t.app, owner, `/admin/applicants/${toxic.id}`)).statusCode).toBe(404);
      expect((await visit(t.app, owner, '/admin/applicants.csv')).body).not.toContain('Toxic Tom');
      expect(await t.database.db.select().from(applicationEvents)).toHaveLength(0);
      expect(await t.database.db.select().from(applications).where(eq(applications.id, toxic.id))).toHaveLength(0);
    });
  });

  describe('the CSV export', () => {
    it('holds every applicant, spam too, with the contract’s columns', async () => {
      const { good, toxic, spam } = await seedMix();
      const response = await visit(t.app, owner, '/admin/applicants.csv');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="applicants-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const [header, ...records] = parseCsv(response.body.replace(/^\uFEFF/, ''));
      expect(header).toEqual([...CSV_COLUMNS]);
      expect(records).toHaveLength(4);
      const byId = new Map(records.map((r) => [r[0], Object.fromEntries((header as string[]).map((h, i) => [h, r[i]]))]));
      expect(byId.get(spam.id)?.outcome).toBe('spam');
      expect(byId.get(good.id)).toMatchObject({ outcome: 'qualified', decision: 'undecided', monthly_budget: '5000', role: 'owner' });
      expect(byId.get(toxic.id)?.red_flags).toBe(toxic.screening.flags.map((f) => f.rule).join(';'));
      expect(byId.get(toxic.id)?.submitted_at).toBe('2026-11-05T12:00:00.000Z');
    });

    it('applies the list’s filters', async () => {
      await seedMix();
      const response = await visit(t.app, owner, '/admin/applicants.csv?outcome=declined');
      const records = parseCsv(response.body.replace(/^\uFEFF/, '')).slice(1);
      expect(records.map((r) => r[2])).toEqual(['Toxic Tom']);
    });

    it('neutralises formulas and keeps French names and line breaks intact', async () => {
      await seedApplication(t.database.db, {
        name: '=HYPERLINK("http://evil.example","Zoé")',
        company: 'Société Générale d’Études, "SGE"',
        goals: '+33 first line of goals\nsecond line with, a comma',
      });
      const response = await visit(t.app, owner, '/admin/applicants.csv');
      const [header, record] = parseCsv(response.body.replace(/^\uFEFF/, ''));
      const row = Object.fromEntries((header as string[]).map((h, i) => [h, (record as string[])[i]]));
      expect(row.name).toBe('\'=HYPERLINK("http://evil.example","Zoé")');
      expect(row.company).toBe('Société Générale d’Études, "SGE"');
      expect(row.goals).toBe("'+33 first line of goals\nsecond line with, a comma");
    });
  });
});
