// The questions the bot could not answer, grouped: attach a group to an entry as example questions
// (and see what the citizen now gets), start a draft topic from it, or set it aside.
import type * as restify from 'restify';
import type { Assistant } from '../../answer/assistant.js';
import { queryRecord } from '../../http/query.js';
import type { QuestionLog } from '../../insights/questionLog.js';
import { attachOutcome } from '../attachOutcome.js';
import { addExample, createDraftTopic, type KnowledgeFileEditor } from '../knowledgeEditor.js';
import { unansweredPage } from '../pages.js';
import type { ConsoleStore } from '../consoleStore.js';
import { UnansweredGroups } from '../unansweredGroups.js';
import type { StaffKit } from './kit.js';

export interface UnansweredDeps {
  assistant: Assistant;
  questions: QuestionLog;
  store: ConsoleStore;
  knowledgeDir: string;
  editKnowledge: KnowledgeFileEditor;
  now: () => Date;
}

export function mountUnanswered(server: restify.Server, kit: StaffKit, deps: UnansweredDeps): void {
  const { assistant, store } = deps;
  const { t } = kit;
  const title = (id: string) => assistant.titleOf(id, 'bg');
  // Grouped incrementally: each request groups only the questions logged since the last one.
  const unanswered = new UnansweredGroups(() => assistant.index.pipeline);
  const groupOf = async (key: string) => {
    unanswered.update(await deps.questions.list());
    return unanswered.find(key);
  };

  server.get(
    '/staff/unanswered',
    kit.guarded('page', async (req, res, session) => {
      unanswered.update(await deps.questions.list());
      const page = unanswered.page(Number(queryRecord(req).page ?? 1), await store.dismissed());
      kit.sendPage(res, unansweredPage(await kit.pageCtx(session), page, assistant.kb, 'bg', title));
    }),
  );

  server.post(
    '/staff/unanswered/attach',
    kit.guarded('action', async (req, res, session) => {
      const group = await groupOf(kit.field(req, 'key'));
      const entryId = kit.field(req, 'entryId');
      if (!group) return kit.redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.failed', { error: 'no such group' }));
      try {
        let file = '';
        const questions = [...new Map(group.questions.map((q) => [q.text, q.lang === 'en' ? ('en' as const) : ('bg' as const)])).entries()];
        for (const [text, lang] of questions) file = await addExample(deps.knowledgeDir, assistant.kb, entryId, lang, text, deps.editKnowledge, session.user);
        await assistant.reload();
        await store.dismiss(group.key);
        await kit.audit(session, 'attach-questions', entryId, `${group.count} question(s) → ${file}`);
        // Asked again as a citizen would, so the message says what the citizen now gets.
        const outcome = attachOutcome(questions.map(([text, lang]) => ({ text, decision: assistant.understand(text, { lang }).decision })), entryId);
        const notice =
          outcome.answered.length === questions.length
            ? t('staff.unanswered.attached', { title: title(entryId), file })
            : t('staff.unanswered.attachedNotYet', {
                title: title(entryId),
                file,
                answered: outcome.answered.length,
                total: questions.length,
                offered: outcome.offered.length,
                missed: outcome.missed.length,
                example: [...outcome.missed, ...outcome.offered][0],
              });
        await kit.redirectWith(res, session, '/staff/unanswered', notice);
      } catch (err) {
        await kit.redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.failed', { error: err instanceof Error ? err.message : String(err) }));
      }
    }),
  );

  server.post(
    '/staff/unanswered/draft',
    kit.guarded('action', async (req, res, session) => {
      const group = await groupOf(kit.field(req, 'key'));
      if (!group) return kit.redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.failed', { error: 'no such group' }));
      const first = group.questions[0];
      const file = await createDraftTopic(deps.knowledgeDir, first.text, first.lang === 'en' ? 'en' : 'bg', deps.now().toISOString().slice(0, 10));
      await store.dismiss(group.key);
      await kit.audit(session, 'draft-topic', file, first.text);
      await kit.redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.drafted', { file }));
    }),
  );

  server.post(
    '/staff/unanswered/dismiss',
    kit.guarded('action', async (req, res, session) => {
      const group = await groupOf(kit.field(req, 'key'));
      if (group) {
        await store.dismiss(group.key);
        await kit.audit(session, 'dismiss-questions', group.key, `${group.count} question(s)`);
      }
      await kit.redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.dismissed'));
    }),
  );
}
