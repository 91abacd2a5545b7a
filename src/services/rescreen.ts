import type { Database } from '../db/client.js';
import type { Settings } from '../domain/settings.js';
import { countPendingRescreen, rescreenBatch } from '../repositories/screenings.js';

export interface RescreenProgress {
  rescreened: number;
  scanned: number;
  remaining: number;
}

/**
 * Re-screens undecided applicants under one settings version, batch by
 * batch (each its own transaction), until none is left or `max` is reached.
 */
export async function rescreenUndecided(
  db: Database,
  target: { version: number; settings: Settings },
  options: { batchSize?: number; max?: number; now?: () => Date; onBatch?: (progress: RescreenProgress) => void } = {},
): Promise<RescreenProgress> {
  const batchSize = options.batchSize ?? 500;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const now = options.now ?? (() => new Date());
  const total = await countPendingRescreen(db, target.version);
  let rescreened = 0;
  let scanned = 0;
  let afterId: string | null = null;
  while (scanned < max) {
    const batch = await rescreenBatch(db, target, afterId, Math.min(batchSize, max - scanned), now());
    if (batch.scanned === 0) break;
    scanned += batch.scanned;
    rescreened += batch.rescreened;
    afterId = batch.lastId;
    options.onBatch?.({ rescreened, scanned, remaining: Math.max(0, total - scanned) });
  }
  const remaining = scanned >= max ? await countPendingRescreen(db, target.version) : 0;
  return { rescreened, scanned, remaining };
}
