import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLanguage, messages, pickLanguage, type Language, type Messages } from '../../i18n/index.js';

export const LANGUAGE_COOKIE = 'sd_lang';

/**
 * The owner's language: `?lang=` (remembered in a cookie for the next pages),
 * else the remembered one, else Accept-Language.
 */
export function adminLanguage(request: FastifyRequest, reply: FastifyReply): Language {
  const query = request.query as Record<string, unknown> | undefined;
  if (isLanguage(query?.lang)) {
    if (request.cookies[LANGUAGE_COOKIE] !== query.lang) {
      void reply.setCookie(LANGUAGE_COOKIE, query.lang, { path: '/admin', sameSite: 'lax', httpOnly: true, maxAge: 31_536_000 });
    }
    return query.lang;
  }
  const remembered = request.cookies[LANGUAGE_COOKIE];
  return pickLanguage(isLanguage(remembered) ? remembered : undefined, request.headers['accept-language']);
}

export interface AdminPageContext {
  lang: Language;
  t: Messages;
}

export function adminContext(request: FastifyRequest, reply: FastifyReply): AdminPageContext {
  const lang = adminLanguage(request, reply);
  return { lang, t: messages(lang) };
}

/** The current path with `lang` switched, for the language link. */
export function switchLanguageUrl(request: FastifyRequest, lang: Language): string {
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.set('lang', messages(lang).otherLanguage.code);
  return `${url.pathname}${url.search}`;
}

/** Only local admin paths are followed after login: never another site. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string') return '/admin/applicants';
  if (!value.startsWith('/admin') || value.startsWith('//') || value.includes('\\') || /[\r\n]/.test(value)) {
    return '/admin/applicants';
  }
  if (value.startsWith('/admin/login') || value.startsWith('/admin/logout') || value.startsWith('/admin/setup')) {
    return '/admin/applicants';
  }
  return value;
}

/** A one-shot message shown on the next page (after a redirect). */
export const FLASH_COOKIE = 'sd_flash';

export function setFlash(reply: FastifyReply, message: string) {
  void reply.setCookie(FLASH_COOKIE, message, { path: '/admin', sameSite: 'lax', httpOnly: true, signed: true, maxAge: 60 });
}

export function takeFlash(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = request.cookies[FLASH_COOKIE];
  if (!raw) return undefined;
  void reply.clearCookie(FLASH_COOKIE, { path: '/admin' });
  const unsigned = reply.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}
