import type { Database } from '../db/client.js';
import { owners } from '../db/schema.js';
import { currentSettings, type SettingsVersion } from '../repositories/settings.js';

interface Entry<T> {
  value: Promise<T>;
  until: number;
}

/**
 * What the public form reads on every submission but owners change rarely:
 * the screening settings in force and the owner accounts' addresses. Kept for
 * `ttlMs` (SETTINGS_CACHE_MS), so a submission costs no extra query; a save
 * through this app calls `invalidate()` and takes effect on the very next
 * submission, a change made elsewhere (another instance, a script) within
 * `ttlMs`. Concurrent misses share one query; a failed read is not kept.
 */
export class SettingsCache {
  private settings: Entry<SettingsVersion> | undefined;
  private ownerEmails: Entry<string[]> | undefined;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  current(): Promise<SettingsVersion> {
    this.settings = this.fresh(this.settings, () => currentSettings(this.db), () => (this.settings = undefined));
    return this.settings.value;
  }

  /** Every owner account's address (the last resort for owner notifications). */
  owners(): Promise<string[]> {
    this.ownerEmails = this.fresh(
      this.ownerEmails,
      async () => (await this.db.select({ email: owners.email }).from(owners)).map((row) => row.email),
      () => (this.ownerEmails = undefined),
    );
    return this.ownerEmails.value;
  }

  invalidate(): void {
    this.settings = undefined;
    this.ownerEmails = undefined;
  }

  private fresh<T>(entry: Entry<T> | undefined, load: () => Promise<T>, forget: () => void): Entry<T> {
    const at = this.now();
    if (entry && this.ttlMs > 0 && at < entry.until) return entry;
    const value = load();
    const next = { value, until: at + this.ttlMs };
    value.catch(() => {
      if (next === this.settings || next === this.ownerEmails) forget();
    });
    return next;
  }
}
