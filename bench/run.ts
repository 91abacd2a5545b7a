import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { parseAnswers, type Answers } from '../src/domain/answers.js';
import { replayScreening } from '../src/domain/preview.js';
import { screen } from '../src/domain/screening.js';
import { DEFAULT_SETTINGS } from '../src/domain/settings.js';
import { hashPassword } from '../src/lib/passwords.js';
import { upsertOwner } from '../src/repositories/owners.js';
import { recentForPreview, saveSettingsVersion } from '../src/repositories/screenings.js';
import { rescreenUndecided } from '../src/services/rescreen.js';
import { BENCH_DATABASE_URL, seed } from './seed.js';
import { freePort } from '../test/helpers/net.js';

/**
 * `npm run bench`: every figure is a ratio of two things measured in the same
 * run on this machine. Servers run in their own processes pinned to one core
 * (taskset), in production mode; the load comes from this process, pinned to
 * the other core. Each pair is measured in alternating rounds after a
 * discarded warm-up, and the median round counts. Results go to stdout and
 * bench/results.json; BENCHMARKS.md explains them.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIST_ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** Re-screening all 1,000,000 takes minutes; the rate is measured on this many of them. */
const RESCREEN_ROWS = Number(process.env.BENCH_RESCREEN_ROWS ?? 100_000);
const PG_SERVER = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '1';
const hasTaskset = existsSync('/usr/bin/taskset');
/** BENCH_ONLY=R1,R2 runs only those (R1…R6, screening); unset runs everything. */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const want = (...names: string[]) => ONLY.size === 0 || names.some((name) => ONLY.has(name));
const OWNER = { email: 'bench@agency.example', password: 'benchmark owner password' };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

class Server {
  child: ChildProcess | undefined;
  url = '';
  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<this> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const command = hasTaskset ? 'taskset' : process.execPath;
    const args = [...(hasTaskset ? ['-c', SERVER_CORE, process.execPath] : []), '--import', 'tsx', this.script];
    this.child = spawn(command, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        SESSION_SECRET: 'benchmark-secret-benchmark-secret-bench',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: this.url,
        LOG_LEVEL: 'error',
        MIN_FILL_SECONDS: '0',
        APPLY_RATE_LIMIT: '1000000',
        OUTBOX_WORKER: 'off',
        MAX_EVENT_LOOP_DELAY_MS: '0',
        ...this.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 600; i++) {
      const ok = await fetch(`${this.url}/apply`, { method: 'HEAD' }).then(
        (r) => r.status < 500,
        () => false,
      );
      if (ok) return this;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} did not start`);
  }

  /** Peak resident memory of the server process (VmHWM), in MiB. */
  async peakMemoryMiB(): Promise<number | null> {
    const pid = this.child?.pid;
    if (!pid) return null;
    // With taskset the server is taskset's child (exec'd in place: same pid).
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child!.on('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

interface Load {
  method?: 'GET' | 'POST';
  path: string;
  connections: number;
  headers?: Record<string, string>;
  body?: () => string;
}

async function cannon(url: string, load: Load, seconds = SECONDS) {
  const result = await autocannon({
    url: `${url}${load.path}`,
    connections: load.connections,
    duration: seconds,
    method: load.method ?? 'GET',
    headers: load.headers,
    requests: load.body
      ? [{ method: load.method ?? 'POST', path: load.path, setupRequest: (req: autocannon.Request) => ({ ...req, body: load.body!() }) }]
      : undefined,
  });
  const ok = result['2xx'] + result['3xx'];
  return { rps: result.requests.average, goodput: ok / result.duration, errors: result.errors + result.timeouts + result.non2xx - result['3xx'] };
}

/** Warm both up, then alternate A, B, A, B… and return the median of each. */
async function alternate(a: { url: string; load: Load }, b: { url: string; load: Load }, metric: 'rps' | 'goodput' = 'rps') {
  await cannon(a.url, a.load, 2);
  await cannon(b.url, b.load, 2);
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    as.push((await cannon(a.url, a.load))[metric]);
    bs.push((await cannon(b.url, b.load))[metric]);
  }
  return { a: median(as), b: median(bs), ratio: median(as) / median(bs) };
}

async function formSession(url: string) {
  const page = await fetch(`${url}/apply`);
  const html = await page.text();
  // The public form sets no cookie today; one would be sent back if it did.
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] as string;
  return { cookie, csrf: field('_csrf'), startedAt: field('started_at') };
}

const TEMPLATE: Record<string, string> = {
  name: 'Camille Durand', email: 'camille@example.com', company: 'Cabinet Dentaire Durand', website: '', role: 'owner',
  decision_maker: 'yes', used_seo_before: 'yes', previous_agencies: '1', seo_history: 'A freelancer built our site in 2021.',
  ideal_customer: 'Families and professionals in Lyon looking for a dentist, about 40 new patients a month.',
  customer_ltv: '12000', monthly_budget: '5000', goals: 'Reach 40 new patient bookings a month from Google by June 2027.',
  start_timeline: 'now', results_horizon: 'six_months', update_frequency: 'monthly', contact_preference: 'email',
  payment_terms: 'on_invoice', scope_changes: 'change_request', recommendations: 'discuss', anything_else: '',
};

function postLoad(session: { cookie: string; csrf: string; startedAt: string }, connections: number): Load {
  return {
    method: 'POST',
    path: '/apply',
    connections,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(session.cookie ? { cookie: session.cookie } : {}) },
    body: () =>
      new URLSearchParams({ ...TEMPLATE, fax: '', _csrf: session.csrf, started_at: session.startedAt, submission_key: randomUUID() }).toString(),
  };
}

async function freshDatabase(name: string): Promise<string> {
  const admin = postgres(PG_SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 1 });
  await database.migrate();
  await database.close();
  return url.toString();
}

/** Exact latency percentiles from sequential keep-alive requests. */
async function latencies(url: string, pathname: string, cookie: string, count: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      httpRequest(`${url}${pathname}`, { agent, headers: { cookie } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${pathname} answered ${res.statusCode}`));
        res.resume();
        res.on('end', () => resolve());
      })
        .on('error', reject)
        .end();
    });
    out.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  agent.destroy();
  return out;
}
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] as number;

async function signIn(url: string): Promise<string> {
  const login = await fetch(`${url}/admin/login`);
  const csrfCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] as string;
  const response = await fetch(`${url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: token, email: OWNER.email, password: OWNER.password }).toString(),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('sd_session='))?.split(';')[0];
  if (!session) throw new Error(`login failed: ${response.status}`);
  return session;
}

function report(label: string, value: string, goal = '') {
  console.log(`${label.padEnd(62)} ${value.padStart(14)}  ${goal}`);
}

async function main() {
  // The load generator (this process) keeps to the other core.
  if (hasTaskset) spawnSync('taskset', ['-pc', SERVER_CORE === '0' ? '1' : '0', String(process.pid)], { stdio: 'ignore' });
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    method: { secondsPerRound: SECONDS, rounds: ROUNDS, serverCore: hasTaskset ? SERVER_CORE : 'not pinned (no taskset)' },
  };
  console.log(`Benchmarks: ${ROUNDS} alternating rounds of ${SECONDS}s, median; servers pinned to core ${SERVER_CORE}.\n`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sd-bench-'));
  const writeUrl = await freshDatabase('screening_bench_write');
  const started: Server[] = [];
  const run = async (server: Server) => {
    started.push(server);
    return server.start();
  };
  try {
    // R1, R2, R3 and R6 share one app server.
    const app = want('R1', 'R2', 'R3', 'R6') ? await run(new Server('app', 'src/server.ts', { DATABASE_URL: writeUrl, DATA_DIR: dataDir })) : undefined;

    // R1: GET /apply vs a bare route sending the same bytes.
    if (app && want('R1')) {
      const bytesFile = path.join(dataDir, 'apply.html');
      await writeFile(bytesFile, await (await fetch(`${app.url}/apply`)).text());
      const bare = await run(new Server('bare', 'bench/servers/bare-static.ts', { BENCH_BODY_FILE: bytesFile }));
      const r1 = await alternate({ url: app.url, load: { path: '/apply', connections: 32 } }, { url: bare.url, load: { path: '/apply', connections: 32 } });
      report('R1 GET /apply ÷ bare Fastify, same bytes (req/s)', `${round(r1.ratio)}`, `goal ≥ 0.9  (${Math.round(r1.a)} vs ${Math.round(r1.b)})`);
      await bare.stop();
      results.R1 = { ratio: r1.ratio, app: r1.a, bare: r1.b };
    }

    // R2: the full plugin stack vs the same page without helmet, cookies and CSRF.
    if (app && want('R2')) {
      const plain = await run(new Server('no-security', 'bench/servers/apply-without-security.ts'));
      const r2 = await alternate({ url: app.url, load: { path: '/apply', connections: 32 } }, { url: plain.url, load: { path: '/apply', connections: 32 } });
      report('R2 full stack ÷ same page without helmet, cookies, CSRF', `${round(r2.ratio)}`, `(${Math.round(r2.a)} vs ${Math.round(r2.b)})`);
      await plain.stop();
      results.R2 = { ratio: r2.ratio, full: r2.a, withoutSecurity: r2.b };
    }

    // R3: POST /apply vs the same transaction in raw postgres.js.
    if (app && want('R3')) {
      const raw = await run(new Server('raw', 'bench/servers/raw-transaction.ts', { DATABASE_URL: writeUrl }));
      const session = await formSession(app.url);
      const r3 = await alternate({ url: app.url, load: postLoad(session, 16) }, { url: raw.url, load: postLoad(session, 16) });
      report('R3 POST /apply ÷ raw postgres.js transaction (req/s)', `${round(r3.ratio)}`, `goal ≥ 0.9  (${Math.round(r3.a)} vs ${Math.round(r3.b)})`);
      await raw.stop();
      results.R3 = { ratio: r3.ratio, app: r3.a, raw: r3.b };
    }

    // R6: goodput at twice the saturating load vs peak goodput.
    if (app && want('R6')) {
      const session = await formSession(app.url);
      const levels = [2, 4, 8, 16, 32];
      let peak = { connections: 0, goodput: 0 };
      for (const connections of levels) {
        const { goodput } = await cannon(app.url, postLoad(session, connections));
        if (goodput > peak.goodput) peak = { connections, goodput };
      }
      const shed = await run(new Server('app-shedding', 'src/server.ts', { DATABASE_URL: writeUrl, DATA_DIR: dataDir, MAX_EVENT_LOOP_DELAY_MS: '200' }));
      const shedSession = await formSession(shed.url);
      const r6pair = await alternate(
        { url: shed.url, load: postLoad(shedSession, peak.connections * 2) },
        { url: shed.url, load: postLoad(shedSession, peak.connections) },
        'goodput',
      );
      const atPeak = r6pair.b;
      const overloaded = { goodput: r6pair.a };
      const r6 = r6pair.ratio;
      report(`R6 goodput at 2× saturating load ÷ peak (peak at c=${peak.connections})`, `${round(r6)}`, `goal ≥ 0.9  (${Math.round(overloaded.goodput)} vs ${Math.round(atPeak)}/s)`);
      const memory = await app.peakMemoryMiB();
      report('Peak memory of the server under load (VmHWM)', `${memory} MiB`);
      await shed.stop();
      results.R6 = { ratio: r6, peakConnections: peak.connections, peakGoodput: atPeak, overloadedGoodput: overloaded.goodput };
      results.peakMemoryMiB = memory;
    }
    await app?.stop();

    // R5: applications/s on PGlite vs PostgreSQL.
    if (want('R5')) {
      const pgliteDir = await mkdtemp(path.join(tmpdir(), 'sd-bench-pglite-'));
      const embedded = await run(new Server('pglite', 'src/server.ts', { DATA_DIR: pgliteDir }));
      const onPostgres = await run(new Server('postgres', 'src/server.ts', { DATABASE_URL: writeUrl, DATA_DIR: dataDir }));
      const r5 = await alternate(
        { url: embedded.url, load: postLoad(await formSession(embedded.url), 16) },
        { url: onPostgres.url, load: postLoad(await formSession(onPostgres.url), 16) },
      );
      report('R5 applications/s on PGlite ÷ on PostgreSQL', `${round(r5.ratio)}`, `goal ≥ 0.5  (${Math.round(r5.a)} vs ${Math.round(r5.b)})`);
      await embedded.stop();
      await onPostgres.stop();
      await rm(pgliteDir, { recursive: true, force: true });
      results.R5 = { ratio: r5.ratio, pglite: r5.a, postgres: r5.b };
    }

    // R4: list p95 deep in a 1,000,000-row table vs page 1; then screening, preview and re-screen on that table.
    if (want('R4', 'screening')) {
      console.log(`\nSeeding ${LIST_ROWS} applicants for the list (npm run seed:bench does the same)…`);
      const adminServer = postgres(PG_SERVER, { max: 1, onnotice: () => {} });
      const listName = new URL(BENCH_DATABASE_URL).pathname.slice(1);
      if ((await adminServer`select 1 from pg_database where datname = ${listName}`).length === 0) await adminServer.unsafe(`create database "${listName}"`);
      await adminServer.end();
      await seed(BENCH_DATABASE_URL, LIST_ROWS, () => {});
      const listDb = await openDatabase({ url: BENCH_DATABASE_URL, maxConnections: 2 });
      await upsertOwner(listDb.db, OWNER.email, await hashPassword(OWNER.password), new Date());
      const listApp = await run(new Server('list', 'src/server.ts', { DATABASE_URL: BENCH_DATABASE_URL, DATA_DIR: dataDir }));
      const cookie = await signIn(listApp.url);
      const deepRow = Math.floor(LIST_ROWS * 0.9);
      const sqlClient = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
      // OFFSET here only finds where row 900,000 is; the page itself is read by keyset.
      const [deep] = await sqlClient`select id, score, submitted_at from applications order by submitted_at desc, id desc offset ${deepRow} limit 1`;
      await sqlClient.end();
      const cursor = Buffer.from(JSON.stringify({ k: 'date_desc', s: deep!.score, t: new Date(deep!.submitted_at).toISOString(), i: deep!.id })).toString('base64url');
      const pageOne: number[] = [];
      const pageDeep: number[] = [];
      await latencies(listApp.url, '/admin/applicants', cookie, 5);
      for (let i = 0; i < ROUNDS; i++) {
        pageOne.push(...(await latencies(listApp.url, '/admin/applicants', cookie, 20)));
        pageDeep.push(...(await latencies(listApp.url, `/admin/applicants?after=${cursor}`, cookie, 20)));
      }
      const p95One = percentile(pageOne, 95);
      const p95Deep = percentile(pageDeep, 95);
      report(`R4 list p95 at row ${deepRow} ÷ page 1 (${LIST_ROWS} rows)`, `${round(p95Deep / p95One)}`, `goal ≤ 1.2  (${round(p95Deep, 1)} vs ${round(p95One, 1)} ms)`);
      await listApp.stop();

      // The screening function alone, the preview and the re-screen.
      const bodies = Array.from({ length: 10_000 }, (_, i) => ({
        ...TEMPLATE,
        monthly_budget: String(500 + ((i * 37) % 9000)),
        goals: `${TEMPLATE.goals} ${i % 3 === 0 ? 'It is urgent, we want the first page asap.' : ''} ${'More detail about our plans. '.repeat(i % 20)}`,
      }));
      const answers = bodies.map((b) => (parseAnswers(b) as { ok: true; answers: Answers }).answers);
      let t0 = performance.now();
      for (const a of answers) screen(a, DEFAULT_SETTINGS);
      const screensPerSecond = answers.length / ((performance.now() - t0) / 1000);
      report('Screening alone (applications/s, one core)', `${Math.round(screensPerSecond)}`);

      t0 = performance.now();
      const loaded = await recentForPreview(listDb.db, 10_000);
      replayScreening(loaded, { ...DEFAULT_SETTINGS, minMonthlyBudget: 3000 });
      const previewMs = performance.now() - t0;
      report('What-if preview over 10,000 applicants (load + replay)', `${Math.round(previewMs)} ms`, 'goal ≤ 300 ms');

      const version = await saveSettingsVersion(listDb.db, { ...DEFAULT_SETTINGS, minMonthlyBudget: 1600 }, { createdBy: 'bench', comment: null }, new Date());
      t0 = performance.now();
      const rescreen = await rescreenUndecided(listDb.db, { version, settings: { ...DEFAULT_SETTINGS, minMonthlyBudget: 1600 } }, { batchSize: 2000, max: RESCREEN_ROWS });
      const rescreenRate = rescreen.rescreened / ((performance.now() - t0) / 1000);
      report(`Re-screen, ${rescreen.rescreened} undecided of ${LIST_ROWS} (per second)`, `${Math.round(rescreenRate)}`, 'goal ≥ 20,000/s');
      await listDb.close();

      Object.assign(results, {
        R4: { ratio: p95Deep / p95One, p95DeepMs: p95Deep, p95FirstMs: p95One, rows: LIST_ROWS },
        screeningPerSecond: screensPerSecond,
        previewMs,
        rescreen: { rows: rescreen.rescreened, perSecond: rescreenRate },
      });
    }
    await writeFile(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nWritten to bench/results.json');
  } finally {
    for (const server of started) await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
