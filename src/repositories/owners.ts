import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, count, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { loginFailures, ownerSessions, owners, setupTokens, type OwnerRow } from '../db/schema.js';

export interface Owner {
  id: string;
  email: string;
}

/** Random, URL-safe secret; the database only ever sees its SHA-256. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// ---- owners -------------------------------------------------------------

export async function findOwnerByEmail(db: Database, email: string): Promise<OwnerRow | undefined> {
  const [row] = await db.select().from(owners).where(eq(owners.email, email.trim().toLowerCase()));
  return row;
}

export async function countOwners(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(owners);
  return row?.n ?? 0;
}

/**
 * Creates an owner, or sets a new password for an existing one (and ends
 * every session of that owner: a reset must lock out whoever had the old one).
 */
export async function upsertOwner(
  db: Database,
  email: string,
  passwordHash: string,
  now: Date,
): Promise<{ owner: Owner; created: boolean }> {
  return db.transaction(async (tx) => {
    const normalised = email.trim().toLowerCase();
    const [existing] = await tx.select().from(owners).where(eq(owners.email, normalised));
    if (existing) {
      await tx.update(owners).set({ passwordHash, updatedAt: now }).where(eq(owners.id, existing.id));
      await tx
        .update(ownerSessions)
        .set({ revokedAt: now })
        .where(and(eq(ownerSessions.ownerId, existing.id), isNull(ownerSessions.revokedAt)));
      return { owner: { id: existing.id, email: existing.email }, created: false };
    }
    const id = randomUUID();
    await tx.insert(owners).values({ id, email: normalised, passwordHash, createdAt: now, updatedAt: now });
    return { owner: { id, email: normalised }, created: true };
  });
}

// ---- sessions -----------------------------------------------------------

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

export async function createSession(db: Database, ownerId: string, now: Date, timeouts: SessionTimeouts): Promise<string> {
  const { token, hash } = newToken();
  await db.insert(ownerSessions).values({
    tokenHash: hash,
    ownerId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + timeouts.absoluteMs),
  });
  return token;
}

export interface ActiveSession {
  tokenHash: string;
  owner: Owner;
  lastSeenAt: Date;
}

/** The live session behind a cookie token: not revoked, not idle too long, not past its absolute end. */
export async function findActiveSession(
  db: Database,
  token: string,
  now: Date,
  timeouts: SessionTimeouts,
): Promise<ActiveSession | undefined> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      tokenHash: ownerSessions.tokenHash,
      lastSeenAt: ownerSessions.lastSeenAt,
      ownerId: owners.id,
      email: owners.email,
    })
    .from(ownerSessions)
    .innerJoin(owners, eq(owners.id, ownerSessions.ownerId))
    .where(
      and(
        eq(ownerSessions.tokenHash, tokenHash),
        isNull(ownerSessions.revokedAt),
        gt(ownerSessions.expiresAt, now),
        gt(ownerSessions.lastSeenAt, new Date(now.getTime() - timeouts.idleMs)),
      ),
    );
  if (!row) return undefined;
  return { tokenHash: row.tokenHash, lastSeenAt: row.lastSeenAt, owner: { id: row.ownerId, email: row.email } };
}

export async function touchSession(db: Database, tokenHash: string, now: Date): Promise<void> {
  await db.update(ownerSessions).set({ lastSeenAt: now }).where(eq(ownerSessions.tokenHash, tokenHash));
}

export async function revokeSession(db: Database, tokenHash: string, now: Date): Promise<void> {
  await db
    .update(ownerSessions)
    .set({ revokedAt: now })
    .where(and(eq(ownerSessions.tokenHash, tokenHash), isNull(ownerSessions.revokedAt)));
}

/** Forgets sessions that ended long ago; the live ones are untouched. */
export async function deleteDeadSessions(db: Database, before: Date): Promise<void> {
  await db
    .delete(ownerSessions)
    .where(or(lt(ownerSessions.expiresAt, before), lt(ownerSessions.revokedAt, before), lt(ownerSessions.lastSeenAt, before)));
}

// ---- login failures -----------------------------------------------------

export async function recordLoginFailure(db: Database, email: string, address: string, now: Date): Promise<void> {
  await db.insert(loginFailures).values({ email: email.trim().toLowerCase(), address, failedAt: now });
}

/**
 * Failures in the window for this account and for this address, with the
 * oldest of each, so the caller can say when to try again.
 */
export async function recentLoginFailures(
  db: Database,
  email: string,
  address: string,
  since: Date,
): Promise<{ account: number; address: number; oldestAccount: Date | null; oldestAddress: Date | null }> {
  const normalised = email.trim().toLowerCase();
  const [row] = await db
    .select({
      account: sql<number>`count(*) filter (where ${loginFailures.email} = ${normalised})`.mapWith(Number),
      address: sql<number>`count(*) filter (where ${loginFailures.address} = ${address})`.mapWith(Number),
      oldestAccount: sql<string | null>`min(${loginFailures.failedAt}) filter (where ${loginFailures.email} = ${normalised})`,
      oldestAddress: sql<string | null>`min(${loginFailures.failedAt}) filter (where ${loginFailures.address} = ${address})`,
    })
    .from(loginFailures)
    .where(and(gt(loginFailures.failedAt, since), or(eq(loginFailures.email, normalised), eq(loginFailures.address, address))));
  const toDate = (value: string | Date | null | undefined) => (value ? new Date(value) : null);
  return {
    account: row?.account ?? 0,
    address: row?.address ?? 0,
    oldestAccount: toDate(row?.oldestAccount),
    oldestAddress: toDate(row?.oldestAddress),
  };
}

export async function clearLoginFailures(db: Database, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.email, email.trim().toLowerCase()));
}

// ---- first-owner setup links --------------------------------------------

export async function createSetupToken(db: Database, now: Date, ttlMs: number): Promise<string> {
  const { token, hash } = newToken();
  await db.insert(setupTokens).values({ tokenHash: hash, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
  return token;
}

export async function isSetupTokenUsable(db: Database, token: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ hash: setupTokens.tokenHash })
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)));
  return row !== undefined;
}

/**
 * Spends a setup link and creates the first owner in one transaction. Fails
 * (returns undefined) when the link is used, expired, or an owner exists.
 */
export async function createFirstOwner(
  db: Database,
  token: string,
  email: string,
  passwordHash: string,
  now: Date,
): Promise<Owner | undefined> {
  return db.transaction(async (tx) => {
    const spent = await tx
      .update(setupTokens)
      .set({ usedAt: now })
      .where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)))
      .returning({ hash: setupTokens.tokenHash });
    if (spent.length === 0) return undefined;
    const [existing] = await tx.select({ n: count() }).from(owners);
    if ((existing?.n ?? 0) > 0) return undefined;
    const owner = { id: randomUUID(), email: email.trim().toLowerCase() };
    await tx.insert(owners).values({ ...owner, passwordHash, createdAt: now, updatedAt: now });
    return owner;
  });
}
