// The staff console under /staff: one route module per resource (sign-in, dashboard, unanswered
// questions, reports from conversations, feedback records, the municipality's facts), sharing the
// session guard, the pages' context and the audit log (routes/kit.ts).
import type * as restify from 'restify';
import type { Assistant } from '../answer/assistant.js';
import type { FeedbackRecord } from '../feedback/types.js';
import type { ClientAddressOf } from '../http/clientAddress.js';
import type { Logger } from '../common/logger.js';
import type { AttemptLimiterFactory } from '../feedback/attemptLimiter.js';
import type { EraseRecord } from '../feedback/erasure.js';
import type { FeedbackRepository } from '../feedback/repository.js';
import type { QuestionLog } from '../insights/questionLog.js';
import type { RatingStore } from '../insights/ratings.js';
import type { UsageLog } from '../insights/usage.js';
import type { ConsoleStore } from './consoleStore.js';
import { folderEditor, type KnowledgeFileEditor } from './knowledgeEditor.js';
import { mountDashboard } from './routes/dashboard.js';
import { mountFacts } from './routes/facts.js';
import { mountFeedback } from './routes/feedback.js';
import { createStaffKit } from './routes/kit.js';
import { mountReports } from './routes/reports.js';
import { mountSignIn } from './routes/signIn.js';
import { mountUnanswered } from './routes/unanswered.js';
import type { SessionStore } from './sessions.js';
import type { StaffUsers } from './staffUsers.js';

export interface StaffDeps {
  assistant: Assistant;
  feedback: FeedbackRepository;
  /** Erases a record's personal data everywhere (feedback/erasure.ts). */
  eraseRecord: EraseRecord;
  questions: QuestionLog;
  ratings: RatingStore;
  usage: UsageLog;
  store: ConsoleStore;
  staffUsers: StaffUsers;
  sessions: SessionStore;
  /** Makes the sign-in limiters (shared by the instances on PostgreSQL). */
  limiters: AttemptLimiterFactory;
  knowledgeDir: string;
  /** Saves a changed knowledge file; in knowledgeDir when not given (one instance). */
  editKnowledge?: KnowledgeFileEditor;
  /** Mark the cookie Secure even without a TLS hint from a proxy. */
  secureCookies: boolean;
  /** The client's address, through the trusted proxies. */
  clientAddressOf: ClientAddressOf;
  logger: Logger;
  /** Tells staff about a record made in the console, as about one from a citizen. */
  onFeedbackSaved?: (record: FeedbackRecord) => void;
  /** Staff get no e-mail about new records (SMTP_URL or STAFF_EMAIL empty): the dashboard says so. */
  notificationsOff?: boolean;
  now?: () => Date;
}

export function mountStaff(server: restify.Server, deps: StaffDeps): void {
  const { assistant, store } = deps;
  const now = deps.now ?? (() => new Date());
  const editKnowledge = deps.editKnowledge ?? folderEditor(deps.knowledgeDir);
  const kit = createStaffKit({ t: assistant.renderContext('bg').t, sessions: deps.sessions, store, logger: deps.logger });
  mountSignIn(server, kit, deps);
  mountDashboard(server, kit, { ...deps, now });
  mountUnanswered(server, kit, { ...deps, now, editKnowledge });
  mountReports(server, kit, deps);
  mountFeedback(server, kit, { ...deps, now });
  mountFacts(server, kit, { ...deps, now, editKnowledge });
}
