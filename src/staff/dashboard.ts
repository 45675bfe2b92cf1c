// The numbers on the staff dashboard, computed from the logs. Pure.
import type { FeedbackRecord } from '../feedback/types.js';
import { reportKnowledge } from '../knowledge/report.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Rating } from '../insights/ratings.js';
import type { UsageEvent } from '../insights/usage.js';

export interface Dashboard {
  /** Last `days` days, oldest first. */
  perDay: Array<{ day: string; questions: number; answered: number }>;
  total: number;
  answeredShare: number;
  topEntries: Array<{ id: string; count: number }>;
  leastHelpful: Array<{ id: string; useful: number; notUseful: number }>;
  feedbackByKind: Record<string, number>;
  feedbackByStatus: Record<string, number>;
  oldestChecked: Array<{ id: string; checked: string }>;
}

const ANSWERED = new Set(['answer', 'feedback', 'smalltalk']);

export function buildDashboard(input: { usage: readonly UsageEvent[]; ratings: readonly Rating[]; feedback: readonly FeedbackRecord[]; kb: KnowledgeBase; today: Date; days?: number }): Dashboard {
  const days = input.days ?? 14;
  const perDay = Array.from({ length: days }, (_, i) => {
    const d = new Date(input.today.getTime() - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    const of = input.usage.filter((e) => e.time.startsWith(d) && e.decision !== 'help');
    return { day: d, questions: of.length, answered: of.filter((e) => ANSWERED.has(e.decision)).length };
  });
  const asked = input.usage.filter((e) => e.decision !== 'help');
  const count = <T extends string>(values: T[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
  const byEntry = count(asked.flatMap((e) => (e.entryId ? [e.entryId] : [])));
  const ratingsByEntry = new Map<string, { useful: number; notUseful: number }>();
  for (const r of input.ratings) {
    const tally = ratingsByEntry.get(r.entryId) ?? { useful: 0, notUseful: 0 };
    if (r.useful) tally.useful += 1;
    else tally.notUseful += 1;
    ratingsByEntry.set(r.entryId, tally);
  }
  return {
    perDay,
    total: asked.length,
    answeredShare: asked.length ? asked.filter((e) => ANSWERED.has(e.decision)).length / asked.length : 0,
    topEntries: Object.entries(byEntry).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id, n]) => ({ id, count: n })),
    leastHelpful: [...ratingsByEntry]
      .filter(([, t]) => t.notUseful > 0)
      .sort((a, b) => b[1].notUseful / (b[1].useful + b[1].notUseful) - a[1].notUseful / (a[1].useful + a[1].notUseful) || b[1].notUseful - a[1].notUseful)
      .slice(0, 10)
      .map(([id, t]) => ({ id, ...t })),
    feedbackByKind: count(input.feedback.map((f) => f.kind)),
    feedbackByStatus: count(input.feedback.map((f) => f.status)),
    oldestChecked: reportKnowledge(input.kb).sort((a, b) => a.oldestCheck.localeCompare(b.oldestCheck)).slice(0, 10).map((r) => ({ id: r.id, checked: r.oldestCheck })),
  };
}
