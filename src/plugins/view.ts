import { fileURLToPath } from 'node:url';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { format, formatMoney, formatNumber, messages, type Language, type Messages } from '../i18n/index.js';

export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

/** Helpers every template can call as `it.h.…`. */
function helpers(t: Messages) {
  return {
    format,
    number: (value: number) => formatNumber(t, value),
    money: (value: number, currency: string) => formatMoney(t, value, currency),
  };
}

export interface PageData {
  lang: Language;
  title: string;
  [key: string]: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Renders a page of `views/` to a string, as `reply.page` would send it. */
    renderPage(template: string, data: PageData): Promise<string>;
  }
  interface FastifyReply {
    /** Renders a page of `views/` in a language, with the status already set. */
    page(template: string, data: PageData): Promise<FastifyReply>;
  }
}

export interface ViewPluginOptions {
  /** Templates are compiled once and cached in production only. */
  production: boolean;
}

export default fp<ViewPluginOptions>(
  async (app, options) => {
    await app.register(fastifyView, {
      engine: { eta: new Eta({ views: VIEWS_DIR, cache: options.production }) },
      templates: VIEWS_DIR,
      production: options.production,
    });

    const withHelpers = (data: PageData) => {
      const t = messages(data.lang);
      return { ...data, t, h: helpers(t) };
    };
    app.decorate('renderPage', async (template: string, data: PageData) => app.view(template, withHelpers(data)) as Promise<string>);
    app.decorateReply('page', async function page(this: FastifyReply, template: string, data: PageData) {
      const html = await this.viewAsync(template, withHelpers(data));
      return this.type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'view' },
);
