import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * What CSRF tokens are bound to: the owner's session (set by the session
     * plugin), or 'anonymous' elsewhere. A token from another session fails.
     */
    csrfUserInfo: string;
  }
  interface FastifyReply {
    /** A CSRF token for a form on this page. */
    csrfToken(): string;
  }
}

export interface SecurityPluginOptions {
  /** Signs cookies (the CSRF secret among them). */
  secret: string;
  /** Behind https: Secure cookies, HSTS and upgrade-insecure-requests. */
  https: boolean;
}

function helmetOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  };
}

/**
 * The headers helmet sets, computed once. They depend on the configuration
 * only (no CSP nonces), so running helmet's middleware against a recording
 * response gives exactly what it would set on every one. (@fastify/helmet
 * rebuilds the middleware and its policy strings on every request, which
 * cost the public form a fifth of its throughput.)
 */
export function securityHeaders(https: boolean): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(helmetOptions(https))({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return Object.freeze(headers);
}

/**
 * Security headers, cookies and CSRF. Every response carries helmet's
 * headers. The owner pages' anti-forgery secret lives in a signed, HttpOnly
 * cookie; every admin form carries the matching `_csrf` token and routes
 * check it in `preHandler`, once the form body is parsed. (The public form
 * has its own stateless token: see `src/lib/public-form.ts`.)
 */
export default fp<SecurityPluginOptions>(
  async (app, options) => {
    const headers = securityHeaders(options.https);
    app.addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
    await app.register(fastifyCookie, { secret: options.secret });
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: '_csrf',
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: options.https, signed: true },
      getUserInfo: (request) => request.csrfUserInfo,
      csrfOpts: { userInfo: true, hmacKey: options.secret },
    });
    app.decorateRequest('csrfUserInfo', 'anonymous');
    app.decorateReply('csrfToken', function csrfToken(this: FastifyReply) {
      return this.generateCsrf({ userInfo: this.request.csrfUserInfo });
    });
  },
  { name: 'security' },
);
