import type { Answers } from './answers.js';
import { OUTCOMES, screen, type Outcome, type SpamReason } from './screening.js';
import type { Settings } from './settings.js';

/** What a replay needs of a stored application. */
export interface PastApplication {
  id: string;
  name: string;
  company: string;
  outcome: Outcome;
  score: number;
  answers: Answers;
  spamReasons: SpamReason[];
}

export interface OutcomeChange {
  id: string;
  name: string;
  company: string;
  from: Outcome;
  to: Outcome;
  scoreBefore: number;
  scoreAfter: number;
}

export interface PreviewResult {
  total: number;
  /** Every (from, to) pair with at least one applicant, moves first. */
  transitions: { from: Outcome; to: Outcome; count: number }[];
  moved: number;
  /** Applicants whose outcome would change, biggest score change first. */
  changed: OutcomeChange[];
}

/**
 * Replays screening under draft settings. Spam stays spam for the same
 * reasons (the honeypot and the time trap do not depend on settings).
 */
export function replayScreening(applications: readonly PastApplication[], settings: Settings): PreviewResult {
  const counts = new Map<string, number>();
  const changed: OutcomeChange[] = [];
  for (const application of applications) {
    const result = screen(application.answers, settings, {
      honeypot: application.spamReasons.includes('honeypot'),
      tooFast: application.spamReasons.includes('too_fast'),
    });
    const key = `${application.outcome}>${result.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (result.outcome !== application.outcome) {
      changed.push({
        id: application.id,
        name: application.name,
        company: application.company,
        from: application.outcome,
        to: result.outcome,
        scoreBefore: application.score,
        scoreAfter: result.score,
      });
    }
  }
  const transitions: PreviewResult['transitions'] = [];
  for (const from of OUTCOMES) {
    for (const to of OUTCOMES) {
      const count = counts.get(`${from}>${to}`);
      if (count) transitions.push({ from, to, count });
    }
  }
  transitions.sort((a, b) => Number(a.from === a.to) - Number(b.from === b.to) || b.count - a.count);
  changed.sort((a, b) => Math.abs(b.scoreAfter - b.scoreBefore) - Math.abs(a.scoreAfter - a.scoreBefore));
  return { total: applications.length, transitions, moved: changed.length, changed };
}
