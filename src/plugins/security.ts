import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

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

/**
 * Security headers, cookies and CSRF. The anti-forgery secret lives in a
 * signed, HttpOnly cookie; every POST form carries the matching `_csrf`
 * token and routes check it in `preHandler`, once the form body is parsed.
 */
export default fp<SecurityPluginOptions>(
  async (app, options) => {
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': options.https ? [] : null,
        },
      },
      strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
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
