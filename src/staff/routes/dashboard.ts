// The console's first page: questions a day and the share answered, the most asked and least
// helpful entries, feedback by kind and status, the entries checked longest ago.
import type * as restify from 'restify';
import type { Assistant } from '../../answer/assistant.js';
import type { FeedbackRepository } from '../../feedback/repository.js';
import type { RatingStore } from '../../insights/ratings.js';
import type { UsageLog } from '../../insights/usage.js';
import { buildDashboard } from '../dashboard.js';
import { dashboardPage } from '../pages.js';
import type { StaffKit } from './kit.js';

export interface DashboardDeps {
  assistant: Assistant;
  feedback: FeedbackRepository;
  ratings: RatingStore;
  usage: UsageLog;
  notificationsOff?: boolean;
  now: () => Date;
}

export function mountDashboard(server: restify.Server, kit: StaffKit, deps: DashboardDeps): void {
  const { assistant } = deps;
  server.get(
    '/staff',
    kit.guarded('page', async (_req, res, session) => {
      const [usage, ratings, feedback] = await Promise.all([deps.usage.list(), deps.ratings.list(), deps.feedback.list()]);
      const dashboard = buildDashboard({ usage, ratings, feedback, kb: assistant.kb, today: deps.now() });
      kit.sendPage(res, dashboardPage(kit.ctxOf(session), dashboard, (id) => assistant.titleOf(id, 'bg'), deps.notificationsOff));
    }),
  );
}
