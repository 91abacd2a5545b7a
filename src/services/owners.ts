import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { parseNewOwner } from '../domain/owners.js';
import { hashPassword } from '../lib/passwords.js';
import { countOwners, createSetupToken, deleteDeadSessions, findOwnerByEmail, upsertOwner } from '../repositories/owners.js';

export const SETUP_LINK_TTL_MS = 60 * 60 * 1000;

/**
 * At start: the owner from ADMIN_EMAIL/ADMIN_PASSWORD when missing, or, with
 * no owner at all, a one-time setup link in the log. Returns that link.
 */
export async function bootstrapOwners(
  db: Database,
  config: Config,
  log: FastifyBaseLogger,
  now: Date,
): Promise<{ setupUrl: string | undefined }> {
  await deleteDeadSessions(db, new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000));
  if (config.adminEmail && config.adminPassword) {
    const parsed = parseNewOwner({ email: config.adminEmail, password: config.adminPassword });
    if (!parsed.ok) {
      throw new Error(`ADMIN_EMAIL/ADMIN_PASSWORD: ${parsed.errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
    }
    if (!(await findOwnerByEmail(db, parsed.email))) {
      await upsertOwner(db, parsed.email, await hashPassword(parsed.password), now);
      log.info({ email: parsed.email }, 'owner created from ADMIN_EMAIL');
    }
    return { setupUrl: undefined };
  }
  if ((await countOwners(db)) > 0) return { setupUrl: undefined };
  const token = await createSetupToken(db, now, SETUP_LINK_TTL_MS);
  const setupUrl = `${config.publicUrl}/admin/setup/${token}`;
  log.warn({ setupUrl }, `No owner account yet. Open ${setupUrl} within an hour to create one (or run npm run owner:add).`);
  return { setupUrl };
}
