import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const wholeNumber = (fallback: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(max).default(fallback));

const envSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
    HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
    PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
    ADMIN_PASSWORD: optionalString,
    MIN_FILL_SECONDS: wholeNumber(3, 3600),
    APPLY_RATE_LIMIT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1_000_000).default(20)),
    RESEND_API_KEY: optionalString,
    RESEND_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    MAIL_FROM: optionalString,
    /** Seconds a worker owns a claimed outbox row before another may retry it. */
    OUTBOX_LEASE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(3600).default(60)),
    /** Event-loop delay past which requests get 503 + Retry-After (@fastify/under-pressure); 0 turns it off. */
    MAX_EVENT_LOOP_DELAY_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(60_000).default(1000)),
    SETTINGS_CACHE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(60_000).default(1000)),
    /** `off` when deliveries run in separate `npm run worker` processes only. */
    OUTBOX_WORKER: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).default('on')),
    OWNER_NOTIFY_EMAILS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default('')
        .transform((s) =>
          s
            .split(/[,;\s]+/)
            .map((e) => e.trim())
            .filter(Boolean),
        )
        .pipe(z.array(z.email('must be email addresses separated by commas'))),
    ),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    /**
     * Proxies whose X-Forwarded-For is believed (Fastify's trustProxy: a hop
     * count, or addresses/CIDRs separated by commas). Unset: none, so a forged
     * header cannot buy a fresh rate-limit bucket.
     */
    TRUST_PROXY: optionalString,
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.SESSION_SECRET !== undefined, {
    path: ['SESSION_SECRET'],
    message: 'is required when NODE_ENV=production',
  })
  .refine((env) => env.RESEND_API_KEY === undefined || env.MAIL_FROM !== undefined, {
    path: ['MAIL_FROM'],
    message: 'is required when RESEND_API_KEY is set (a sender on a domain verified with Resend)',
  });

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly publicUrl: string;
  readonly sessionSecret: string;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  readonly minFillSeconds: number;
  readonly applyRateLimit: number;
  readonly resendApiKey: string | undefined;
  readonly resendBaseUrl: string | undefined;
  readonly mailFrom: string;
  readonly outboxLeaseMs: number;
  readonly outboxWorker: boolean;
  readonly maxEventLoopDelayMs: number;
  /** How long the public form may use the settings (and owner addresses) it read last; saves here clear it at once. */
  readonly settingsCacheMs: number;
  readonly ownerNotifyEmails: readonly string[];
  readonly logLevel: string;
  readonly trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type ParsedEnv = z.infer<typeof envSchema>;

/** Parses the environment; throws a ConfigError naming each bad variable. */
export function parseEnv(env: Record<string, string | undefined>): ParsedEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  return result.data;
}

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Outside production a missing SESSION_SECRET is generated once and kept in
 * DATA_DIR, so sessions and signed form timestamps survive a restart.
 */
async function persistentSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'session-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function loadConfig(env: Record<string, string | undefined>): Promise<Config> {
  const parsed = parseEnv(env);
  const dataDir = path.resolve(parsed.DATA_DIR);
  const publicHost = parsed.HOST === '0.0.0.0' || parsed.HOST === '::' ? '127.0.0.1' : parsed.HOST;
  return Object.freeze({
    env: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.PORT,
    databaseUrl: parsed.DATABASE_URL,
    dataDir,
    publicUrl: (parsed.PUBLIC_URL ?? `http://${publicHost}:${parsed.PORT}`).replace(/\/+$/, ''),
    sessionSecret: parsed.SESSION_SECRET ?? (await persistentSecret(dataDir)),
    adminEmail: parsed.ADMIN_EMAIL,
    adminPassword: parsed.ADMIN_PASSWORD,
    minFillSeconds: parsed.MIN_FILL_SECONDS,
    applyRateLimit: parsed.APPLY_RATE_LIMIT,
    resendApiKey: parsed.RESEND_API_KEY,
    resendBaseUrl: parsed.RESEND_BASE_URL,
    mailFrom: parsed.MAIL_FROM ?? 'Screening desk <screening-desk@localhost>',
    outboxLeaseMs: parsed.OUTBOX_LEASE_SECONDS * 1000,
    outboxWorker: parsed.OUTBOX_WORKER === 'on',
    maxEventLoopDelayMs: parsed.MAX_EVENT_LOOP_DELAY_MS,
    settingsCacheMs: parsed.SETTINGS_CACHE_MS,
    ownerNotifyEmails: Object.freeze([...parsed.OWNER_NOTIFY_EMAILS]),
    logLevel: parsed.LOG_LEVEL,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
  });
}
