import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { diffSettings, parseSettingsForm, settingsToForm } from '../../src/domain/settings-form.js';

describe('the settings form', () => {
  it('reads back exactly the settings it shows', () => {
    const result = parseSettingsForm(settingsToForm(DEFAULT_SETTINGS), DEFAULT_SETTINGS);
    expect(result.ok && result.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps every field that is not posted', () => {
    const result = parseSettingsForm({ qualify_threshold: '75' }, DEFAULT_SETTINGS);
    expect(result.ok && result.settings).toEqual({ ...DEFAULT_SETTINGS, qualifyThreshold: 75 });
  });

  it('reads a ticked checkbox after its hidden zero, and an unticked one as off', () => {
    const ticked = parseSettingsForm({ rule_urgency_enabled: ['0', '1'] }, DEFAULT_SETTINGS);
    expect(ticked.ok && ticked.settings.rules.urgency.enabled).toBe(true);
    const unticked = parseSettingsForm({ rule_urgency_enabled: '0' }, DEFAULT_SETTINGS);
    expect(unticked.ok && unticked.settings.rules.urgency.enabled).toBe(false);
  });

  it('reads a blank rule penalty as “the points of its severity”', () => {
    const custom = parseSettingsForm({ rule_scope_creep_penalty: '20' }, DEFAULT_SETTINGS);
    expect(custom.ok && custom.settings.rules.scope_creep.penalty).toBe(20);
    const blank = parseSettingsForm({ rule_scope_creep_penalty: ' ' }, DEFAULT_SETTINGS);
    expect(blank.ok && blank.settings.rules.scope_creep.penalty).toBeNull();
  });

  it('takes phrases one per line, trimmed, with a trailing newline forgiven', () => {
    const result = parseSettingsForm({ phrases_urgency_en: '  asap \r\nright now\n' }, DEFAULT_SETTINGS);
    expect(result.ok && result.settings.phrases.urgency.en).toEqual(['asap', 'right now']);
    const emptied = parseSettingsForm({ phrases_urgency_en: '' }, DEFAULT_SETTINGS);
    expect(emptied.ok && emptied.settings.phrases.urgency.en).toEqual([]);
  });

  it.each([
    [{ qualify_threshold: '40', decline_threshold: '40' }, 'decline_threshold', 'decline_not_below_qualify'],
    [{ min_monthly_budget: '5001' }, 'min_monthly_budget', 'min_above_target'],
    [{ fit_weight: '61' }, 'budget_weight', 'weights_not_100'],
    [{ target_ltv: '0' }, 'target_ltv', 'too_small'],
    [{ penalty_major: '12.5' }, 'penalty_major', 'not_a_number'],
    [{ minor_cap: '101' }, 'minor_cap', 'too_large'],
    [{ phrases_scope_creep_en: 'x' }, undefined, undefined],
    [{ phrases_urgency_fr: 'a\n \nb' }, 'phrases_urgency_fr', 'empty_phrase_line'],
    [{ phrases_urgency_fr: 'x'.repeat(201) }, 'phrases_urgency_fr', 'phrase_too_long'],
    [{ booking_url: 'ftp://files.example/x' }, 'booking_url', 'invalid_url'],
    [{ notify_emails: 'a@b.example, nope' }, 'notify_emails', 'invalid_email'],
    [{ currency: 'XYZ' }, 'currency', 'invalid_currency'],
    [{ rule_urgency_severity: 'fatal' }, 'rule_urgency_severity', 'invalid_severity'],
    [{ webhook_url: 'https://hooks.example/leads' }, 'webhook_secret', 'webhook_secret_required'],
    [{ webhook_url: 'https://hooks.example/leads', webhook_secret: 'short' }, 'webhook_secret', 'webhook_secret_too_short'],
    [{ webhook_url: 'mailto:x@y.example', webhook_secret: 'long enough secret!' }, 'webhook_url', 'invalid_url'],
    [{ auto_decline_delay_hours: '0' }, 'auto_decline_delay_hours', 'too_small'],
  ])('refuses %j', (body, field, code) => {
    const result = parseSettingsForm(body as Record<string, unknown>, DEFAULT_SETTINGS);
    if (field === undefined) {
      // phrases for a rule that has no phrase list are not a field: ignored.
      expect(result.ok).toBe(true);
      return;
    }
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({ field, code });
  });

  it('reads the email settings and hides the webhook secret in the history', () => {
    const result = parseSettingsForm(
      { daily_digest: ['0', '1'], auto_decline: ['0', '1'], auto_decline_delay_hours: '24', webhook_url: 'https://hooks.example/leads', webhook_secret: 'a secret of twenty chars' },
      DEFAULT_SETTINGS,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings).toMatchObject({
      dailyDigest: true,
      autoDecline: { enabled: true, delayHours: 24 },
      webhookUrl: 'https://hooks.example/leads',
      webhookSecret: 'a secret of twenty chars',
    });
    expect(diffSettings(DEFAULT_SETTINGS, result.settings).find((c) => c.field === 'webhook_secret')).toEqual({
      field: 'webhook_secret',
      before: '',
      after: '••••••••',
    });
  });

  it('says what changed between two versions, field by field', () => {
    const changed = { ...DEFAULT_SETTINGS, minMonthlyBudget: 2000, notifyEmails: ['a@b.example'] };
    expect(diffSettings(DEFAULT_SETTINGS, changed)).toEqual([
      { field: 'min_monthly_budget', before: '1500', after: '2000' },
      { field: 'notify_emails', before: '', after: 'a@b.example' },
    ]);
    expect(diffSettings(DEFAULT_SETTINGS, DEFAULT_SETTINGS)).toEqual([]);
  });
});
