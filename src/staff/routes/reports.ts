// Problems described in conversations that did not become a record: record one for the citizen
// (marked as taken from the log, since the citizen cannot be reached), or set it aside.
import type * as restify from 'restify';
import type { Assistant } from '../../answer/assistant.js';
import type { FeedbackRecord } from '../../feedback/types.js';
import type { FeedbackRepository } from '../../feedback/repository.js';
import type { QuestionLog } from '../../insights/questionLog.js';
import { reportsPage } from '../pages.js';
import { groupReports, reportKey } from '../reportGroups.js';
import type { ConsoleStore } from '../consoleStore.js';
import type { StaffKit } from './kit.js';

export interface ReportsDeps {
  assistant: Assistant;
  feedback: FeedbackRepository;
  questions: QuestionLog;
  store: ConsoleStore;
  onFeedbackSaved?: (record: FeedbackRecord) => void;
}

export function mountReports(server: restify.Server, kit: StaffKit, deps: ReportsDeps): void {
  const { assistant, store } = deps;
  const { t } = kit;
  const reportGroups = async () => groupReports(await deps.questions.list(), assistant.reports, assistant.kb.signals, await store.dismissed());

  server.get(
    '/staff/reports',
    kit.guarded('page', async (_req, res, session) => {
      kit.sendPage(res, reportsPage(await kit.pageCtx(session), await reportGroups(), 'bg'));
    }),
  );

  server.post(
    '/staff/reports/record',
    kit.guarded('action', async (req, res, session) => {
      const id = kit.field(req, 'id');
      const found = (await reportGroups()).flatMap((g) => g.reports.map((r) => ({ ...r, category: g.category }))).find((r) => r.question.id === id);
      if (!found) return kit.redirectWith(res, session, '/staff/reports', t('staff.reports.gone'));
      const { question: q, category, place } = found;
      const { record } = await deps.feedback.create({
        kind: category.kind,
        category: category.id,
        origin: 'unanswered-log',
        by: session.user,
        description: q.text,
        ...(place ? { location: place } : {}),
        lang: q.lang,
        channel: q.channel,
        conversationId: q.conversation,
      });
      await deps.questions.markRegistered(q.id, record.reference);
      await kit.audit(session, 'report-recorded', record.reference, category.id);
      deps.onFeedbackSaved?.(record);
      await kit.redirectWith(res, session, '/staff/reports', t('staff.reports.recorded', { reference: record.reference }));
    }),
  );

  server.post(
    '/staff/reports/dismiss',
    kit.guarded('action', async (req, res, session) => {
      const id = kit.field(req, 'id');
      if ((await deps.questions.list()).some((q) => q.id === id)) {
        await store.dismiss(reportKey(id));
        await kit.audit(session, 'report-dismissed', id);
      }
      await kit.redirectWith(res, session, '/staff/reports', t('staff.reports.dismissed'));
    }),
  );
}
