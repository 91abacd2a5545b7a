import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { findOwnerByEmail } from '../../src/repositories/owners.js';
import { verifyPassword } from '../../src/lib/passwords.js';
import { createTestDatabase, databaseKinds } from '../helpers/database.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

function ownerAdd(env: Record<string, string>, ...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/owner-add.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
  });
}

// Each case starts real processes that open the database: slow on a busy two-core machine.
vi.setConfig({ testTimeout: 180_000 });

describe.each(databaseKinds())('npm run owner:add on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** The environment a person would run the command with, and a way to look at the result. */
  async function target(): Promise<{ env: Record<string, string>; open: () => Promise<DatabaseHandle> }> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sd-cli-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    if (kind === 'pglite') {
      return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ pgliteDir: path.join(dataDir, 'pglite') }) };
    }
    const database = await createTestDatabase('postgres');
    cleanups.push(() => database.close());
    return {
      env: { DATA_DIR: dataDir, DATABASE_URL: database.url as string },
      open: async () => ({ ...database, close: async () => {} }),
    };
  }

  it('creates an owner, then resets their password', async () => {
    const { env, open } = await target();
    const created = await ownerAdd({ ...env, OWNER_PASSWORD: 'first passphrase here' }, 'New.Owner@Agency.example');
    expect(created.stdout).toContain('Owner new.owner@agency.example created.');
    const reset = await ownerAdd({ ...env, OWNER_PASSWORD: 'second passphrase here' }, 'new.owner@agency.example');
    expect(reset.stdout).toContain('Password of new.owner@agency.example changed');

    const database = await open();
    try {
      const owner = await findOwnerByEmail(database.db, 'new.owner@agency.example');
      expect(owner).toBeDefined();
      expect(await verifyPassword(owner!.passwordHash, 'second passphrase here')).toBe(true);
      expect(await verifyPassword(owner!.passwordHash, 'first passphrase here')).toBe(false);
    } finally {
      await database.close();
    }
  });

  it('refuses a password shorter than 12 characters', async () => {
    const { env } = await target();
    await expect(ownerAdd({ ...env, OWNER_PASSWORD: 'short' }, 'x@agency.example')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('password: password too short'),
    });
  });
});
