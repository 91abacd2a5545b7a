import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client.js';
import {
  createSession,
  findActiveSession,
  revokeSession,
  touchSession,
  type Owner,
  type SessionTimeouts,
} from '../repositories/owners.js';

export const SESSION_COOKIE = 'sd_session';

/** Idle: 4 hours without a request. Absolute: a day, however active. */
export const SESSION_TIMEOUTS: SessionTimeouts = { idleMs: 4 * 60 * 60 * 1000, absoluteMs: 24 * 60 * 60 * 1000 };

/** Writing last_seen_at on every click is wasted I/O; once a minute is plenty for a 4-hour idle limit. */
const TOUCH_EVERY_MS = 60 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in owner, or null. Set on /admin routes only. */
    owner: Owner | null;
    ownerSessionHash: string | null;
  }
  interface FastifyReply {
    /** Starts a fresh session (a new id at every login) and sets its cookie. */
    startOwnerSession(ownerId: string): Promise<void>;
    /** Ends the session on the server, so a copied cookie is refused, and clears the cookie. */
    endOwnerSession(): Promise<void>;
  }
}

export interface SessionPluginOptions {
  db: Database;
  now: () => number;
  secure: boolean;
}

/**
 * Server-side owner sessions over the `owner_sessions` table. Registered
 * inside the /admin scope only: public pages never read or write a session.
 */
export default fp<SessionPluginOptions>(
  async (app, { db, now, secure }) => {
    const cookieOptions = { path: '/admin', httpOnly: true, sameSite: 'lax' as const, secure };

    app.decorateRequest('owner', null);
    app.decorateRequest('ownerSessionHash', null);

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token || token.length > 100) return;
      const at = new Date(now());
      const session = await findActiveSession(db, token, at, SESSION_TIMEOUTS);
      if (!session) return;
      request.owner = session.owner;
      request.ownerSessionHash = session.tokenHash;
      request.csrfUserInfo = session.tokenHash;
      if (at.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await touchSession(db, session.tokenHash, at);
      }
    });

    app.decorateReply('startOwnerSession', async function startOwnerSession(this: FastifyReply, ownerId: string) {
      if (this.request.ownerSessionHash) await revokeSession(db, this.request.ownerSessionHash, new Date(now()));
      const token = await createSession(db, ownerId, new Date(now()), SESSION_TIMEOUTS);
      this.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_TIMEOUTS.absoluteMs / 1000 });
    });

    app.decorateReply('endOwnerSession', async function endOwnerSession(this: FastifyReply) {
      if (this.request.ownerSessionHash) await revokeSession(db, this.request.ownerSessionHash, new Date(now()));
      this.clearCookie(SESSION_COOKIE, cookieOptions);
      this.request.owner = null;
      this.request.ownerSessionHash = null;
    });
  },
  { name: 'owner-session', dependencies: ['security'] },
);
