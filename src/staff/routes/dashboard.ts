// The console's first page: questions a day and the share answered, the most asked and least
// helpful entries, feedback by kind and status, the entries checked longest ago.
import type * as restify from 'restify';
import type { Assistant } from '../../answer/assistant.js';
import type { FeedbackRepository } from '../../storage/feedbackRepository.js';
import type { RatingStore } from '../../storage/ratingStore.js';
import type { UsageLog } from '../../storage/usageLog.js';
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
      const dashboard = buildDashboard({ usage: deps.usage.list(), ratings: deps.ratings.list(), feedback: deps.feedback.list(), kb: assistant.kb, today: deps.now() });
      kit.sendPage(res, dashboardPage(kit.ctxOf(session), dashboard, (id) => assistant.titleOf(id, 'bg'), deps.notificationsOff));
    }),
  );
}
