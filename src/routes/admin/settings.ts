import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { replayScreening, type PreviewResult } from '../../domain/preview.js';
import { CHOICE_TRIGGERS, PHRASE_RULE_IDS, RULE_IDS, SEVERITIES, type RuleId } from '../../domain/settings.js';
import {
  CURRENCIES,
  NUMBER_FIELDS,
  diffSettings,
  parseSettingsForm,
  phraseField,
  ruleField,
  settingsToForm,
  type SettingsFormError,
} from '../../domain/settings-form.js';
import { format, formatNumber, type Messages, formatDateTime } from '../../i18n/index.js';
import { currentSettings, settingsVersion, type SettingsVersion } from '../../repositories/settings.js';
import { countPendingRescreen, listSettingsVersions, recentForPreview, saveSettingsVersion } from '../../repositories/screenings.js';
import { rescreenUndecided } from '../../services/rescreen.js';
import { adminContext, setFlash, switchLanguageUrl, takeFlash } from './common.js';
import type { SettingsCache } from '../../services/settings-cache.js';

export interface SettingsRoutesOptions {
  db: Database;
  now: () => number;
  /** Cleared on every save, so the next submission is screened under the new version. */
  settingsCache: SettingsCache;
}

/** Applicants re-screened per click; larger tables use `npm run rescreen`. */
export const WEB_RESCREEN_LIMIT = 20_000;
export const PREVIEW_RECENT = 1000;
/** Changed applicants listed under a preview (the counts cover all). */
const PREVIEW_LIST_LIMIT = 200;

type SettingsCopy = Messages['admin']['settings'];

/** The words for a form field, whether a number, a rule part or a phrase list. */
function fieldLabel(t: Messages, field: string): string {
  const fields = t.admin.settings.fields as Record<string, { label: string } | undefined>;
  if (fields[field]) return fields[field].label;
  const rule = /^rule_(.+)_(enabled|severity|penalty)$/.exec(field);
  if (rule) {
    const part = rule[2] as 'enabled' | 'severity' | 'penalty';
    return `${t.admin.rules[rule[1] as RuleId] ?? rule[1]} – ${t.admin.settings.rules[part]}`;
  }
  const phrases = /^phrases_(.+)_(en|fr)$/.exec(field);
  if (phrases) {
    return format(phrases[2] === 'en' ? t.admin.settings.english : t.admin.settings.french, {
      rule: t.admin.rules[phrases[1] as RuleId] ?? String(phrases[1]),
    });
  }
  return field;
}

function errorMessage(t: Messages, error: SettingsFormError): string {
  const template = (t.admin.settings.errors as Record<string, string>)[error.code] ?? error.code;
  return format(template, { label: fieldLabel(t, error.field), limit: error.limit === undefined ? '' : formatNumber(t, error.limit) });
}


const settingsRoutes: FastifyPluginAsync<SettingsRoutesOptions> = async (app, { db, now, settingsCache }) => {
  async function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    current: SettingsVersion,
    values: Record<string, string>,
    extra: { errors?: SettingsFormError[]; preview?: PreviewResult; previewScope?: string; comment?: string } = {},
  ) {
    const { lang, t } = adminContext(request, reply);
    const s: SettingsCopy = t.admin.settings;
    const errors = (extra.errors ?? []).map((e) => ({ field: e.field, message: errorMessage(t, e) }));
    const pending = await countPendingRescreen(db, current.version);
    const preview = extra.preview;
    return reply.code(status).page('admin/settings', {
      lang,
      title: s.title,
      owner: request.owner,
      csrfToken: reply.csrfToken(),
      flash: takeFlash(request, reply),
      switchUrl: switchLanguageUrl(request, lang),
      hasErrors: errors.length > 0,
      errors,
      errorMessages: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      values,
      comment: extra.comment ?? '',
      inForce: format(s.inForce, {
        version: current.version,
        date: formatDateTime(t, current.createdAt),
        who: current.createdBy ?? s.defaults,
      }),
      groups: {
        budget: ['min_monthly_budget', 'target_monthly_budget', 'target_ltv'],
        outcomes: ['qualify_threshold', 'decline_threshold', 'max_major_flags'],
        weighting: ['budget_weight', 'fit_weight'],
        penalties: ['penalty_major', 'penalty_minor', 'minor_cap'],
      },
      numberFields: NUMBER_FIELDS,
      rules: RULE_IDS.map((id) => ({
        id,
        label: t.admin.rules[id],
        enabledField: ruleField(id, 'enabled'),
        severityField: ruleField(id, 'severity'),
        penaltyField: ruleField(id, 'penalty'),
        enabledLabel: format(s.rules.enabledLabel, { rule: t.admin.rules[id] }),
        severityLabel: format(s.rules.severityLabel, { rule: t.admin.rules[id] }),
        penaltyLabel: format(s.rules.penaltyLabel, { rule: t.admin.rules[id] }),
        triggers: CHOICE_TRIGGERS.filter((trigger) => trigger.rule === id).map((trigger) => {
          const field = (t.fields as Record<string, { label: string; options?: Record<string, string> }>)[trigger.field];
          return `${field?.label ?? trigger.field} ${field?.options?.[trigger.value] ?? trigger.value}`;
        }),
        hasPhrases: (PHRASE_RULE_IDS as readonly string[]).includes(id),
      })),
      severities: SEVERITIES,
      phraseLists: PHRASE_RULE_IDS.map((id) => ({
        id,
        label: t.admin.rules[id],
        en: { field: phraseField(id, 'en'), label: format(s.english, { rule: t.admin.rules[id] }) },
        fr: { field: phraseField(id, 'fr'), label: format(s.french, { rule: t.admin.rules[id] }) },
      })),
      currencies: CURRENCIES,
      previewScope: extra.previewScope ?? 'recent',
      preview: preview && {
        summary:
          preview.moved > 0
            ? format(s.previewSummary, { moved: formatNumber(t, preview.moved), total: formatNumber(t, preview.total) })
            : format(s.previewNone, { total: formatNumber(t, preview.total) }),
        transitions: preview.transitions.map((row) => ({
          from: t.admin.outcomes[row.from],
          to: t.admin.outcomes[row.to],
          moved: row.from !== row.to,
          count: formatNumber(t, row.count),
        })),
        changed: preview.changed.slice(0, PREVIEW_LIST_LIMIT).map((row) => ({
          ...row,
          fromLabel: t.admin.outcomes[row.from],
          toLabel: t.admin.outcomes[row.to],
          href: `/admin/applicants/${row.id}`,
        })),
        more: preview.changed.length > PREVIEW_LIST_LIMIT ? format(s.previewMore, { count: preview.changed.length - PREVIEW_LIST_LIMIT }) : '',
      },
      rescreen:
        pending > 0
          ? {
              body: format(s.rescreenBody, { count: formatNumber(t, pending), version: current.version }),
              button: format(s.rescreenButton, { version: current.version }),
            }
          : null,
    });
  }

  app.get('/admin/settings', async (request, reply) => {
    const current = await currentSettings(db);
    return renderSettings(request, reply, 200, current, settingsToForm(current.settings));
  });

  app.post('/admin/settings', { preHandler: app.csrfProtection }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const current = await currentSettings(db);
    const parsed = parseSettingsForm(body, current.settings);
    const comment = typeof body.comment === 'string' ? body.comment : '';
    const previewScope = body.preview_scope === 'all' ? 'all' : 'recent';
    if (!parsed.ok) {
      return renderSettings(request, reply, 422, current, parsed.raw, { errors: parsed.errors, previewScope, comment });
    }
    if (body.action === 'preview') {
      const past = await recentForPreview(db, previewScope === 'all' ? null : PREVIEW_RECENT);
      const preview = replayScreening(past, parsed.settings);
      return renderSettings(request, reply, 200, current, parsed.raw, { preview, previewScope, comment });
    }
    const { t } = adminContext(request, reply);
    const version = await saveSettingsVersion(
      db,
      parsed.settings,
      { createdBy: request.owner?.email ?? 'unknown', comment: parsed.comment },
      new Date(now()),
    );
    settingsCache.invalidate();
    request.log.info({ version, ownerId: request.owner?.id }, 'screening settings saved');
    setFlash(reply, format(t.admin.settings.saved, { version }));
    return reply.redirect('/admin/settings', 303);
  });

  app.post('/admin/settings/rescreen', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { t } = adminContext(request, reply);
    const current = await currentSettings(db);
    const result = await rescreenUndecided(db, current, { max: WEB_RESCREEN_LIMIT, now: () => new Date(now()) });
    request.log.info({ version: current.version, ...result }, 'applicants re-screened');
    const values = { count: formatNumber(t, result.rescreened), version: current.version, remaining: formatNumber(t, result.remaining) };
    setFlash(reply, format(result.remaining > 0 ? t.admin.settings.rescreenedMore : t.admin.settings.rescreened, values));
    return reply.redirect('/admin/settings', 303);
  });

  app.get('/admin/settings/history', async (request, reply) => {
    const { lang, t } = adminContext(request, reply);
    const versions = await listSettingsVersions(db);
    const v = t.admin.versions;
    return reply.page('admin/versions', {
      lang,
      title: v.title,
      owner: request.owner,
      csrfToken: reply.csrfToken(),
      flash: takeFlash(request, reply),
      switchUrl: switchLanguageUrl(request, lang),
      versions: versions.map((version, index) => {
        const previous = versions[index + 1];
        return {
          version: version.version,
          heading: format(v.version, { version: version.version }),
          current: index === 0,
          by: format(v.by, { date: formatDateTime(t, version.createdAt), who: version.createdBy ?? t.admin.settings.defaults }),
          comment: version.comment ? format(v.comment, { comment: version.comment }) : '',
          changesTitle: previous ? format(v.changes, { version: previous.version }) : '',
          changes: previous
            ? diffSettings(previous.settings, version.settings).map((change) => ({
                label: fieldLabel(t, change.field),
                before: change.before === '' ? v.empty : change.before,
                after: change.after === '' ? v.empty : change.after,
              }))
            : null,
          restore: format(v.restore, { version: version.version }),
        };
      }),
    });
  });

  app.post<{ Params: { version: string } }>(
    '/admin/settings/versions/:version/restore',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const { lang, t } = adminContext(request, reply);
      const number = /^\d{1,9}$/.test(request.params.version) ? Number(request.params.version) : NaN;
      const old = Number.isNaN(number) ? undefined : await settingsVersion(db, number);
      if (!old) {
        return reply.code(404).page('errors/page', {
          lang,
          title: t.pages.notFoundTitle,
          body: t.pages.notFoundBody,
          status: 404,
          owner: request.owner,
          backUrl: '/admin/settings/history',
          backLabel: t.admin.versions.title,
        });
      }
      const newVersion = await saveSettingsVersion(
        db,
        old.settings,
        { createdBy: request.owner?.email ?? 'unknown', comment: format(t.admin.versions.restoredComment, { version: old.version }) },
        new Date(now()),
      );
      settingsCache.invalidate();
      request.log.info({ restored: old.version, version: newVersion }, 'screening settings restored');
      setFlash(reply, format(t.admin.versions.restored, { version: old.version, newVersion }));
      return reply.redirect('/admin/settings', 303);
    },
  );
};

export default settingsRoutes;
