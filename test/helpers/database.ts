import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { ensureDefaultSettings } from '../../src/repositories/settings.js';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The databases every database-backed suite runs on: PGlite always, and
 * PostgreSQL when TEST_DATABASE_URL is set. With REQUIRE_POSTGRES=1 a missing
 * URL is an error, so CI cannot silently skip PostgreSQL.
 */
export function databaseKinds(): DatabaseKind[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.REQUIRE_POSTGRES === '1') {
    throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
  }
  return url ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends DatabaseHandle {
  /** For PostgreSQL, the URL of the database made for this test file. */
  url: string | undefined;
}

/**
 * A fresh, migrated database: an in-memory PGlite, or a new PostgreSQL
 * database created on the test server and dropped again on close.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({});
    await handle.migrate();
    await ensureDefaultSettings(handle.db);
    return { ...handle, url: undefined };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `sd_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: 5 });
  await handle.migrate();
  await ensureDefaultSettings(handle.db);
  let closed = false;
  return {
    ...handle,
    url: url.toString(),
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
