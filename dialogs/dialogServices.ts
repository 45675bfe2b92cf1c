// What the dialogs need, injected by the composition root (and by tests).
import type { StatePropertyAccessor } from 'botbuilder';
import type { Assistant } from '../src/answer/assistant.js';
import type { ConversationContext } from '../src/answer/understand.js';
import type { AttemptLimiter } from '../src/feedback/attemptLimiter.js';
import type { FeedbackRecord } from '../src/feedback/types.js';
import type { FeedbackRepository } from '../src/feedback/repository.js';
import type { NewLoggedQuestion } from '../src/insights/questionLog.js';
import type { Logger } from '../src/common/logger.js';

export interface QuestionSink {
  append(q: NewLoggedQuestion): Promise<{ id: string }>;
  /** The logged message became a feedback record. */
  markRegistered(id: string, reference: string): Promise<void>;
}

export interface RatingSink {
  add(r: { entryId: string; useful: boolean; lang: string; channel: string; conversationId: string }): Promise<void>;
}

export interface UsageSink {
  add(event: { decision: string; entryId?: string; lang: string; channel: string }): Promise<void>;
}

export interface DialogServices {
  assistant: Assistant;
  conversation: StatePropertyAccessor<ConversationContext>;
  questions: QuestionSink;
  ratings: RatingSink;
  usage: UsageSink;
  feedback: FeedbackRepository;
  /** Called after a record is on disk; must not block (staff e-mail, webhook). */
  onFeedbackSaved: (record: FeedbackRecord) => void;
  accessLimiter: AttemptLimiter;
  retentionDays: number;
  /** For failures that must not end the citizen's turn (a log write after the reply). */
  logger: Logger;
}
