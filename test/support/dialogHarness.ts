// Real dialogs over real lowdb stores in a temporary folder, driven by botbuilder-testing.
import { afterEach, beforeAll, beforeEach } from '@jest/globals';
import { ActivityTypes, ConversationState, MemoryStorage, type Activity } from 'botbuilder';
import { DialogTestClient, DialogTestLogger } from 'botbuilder-testing';
import { join } from 'node:path';
import { pino } from 'pino';
import type { DialogServices } from '../../dialogs/dialogServices.js';
import { MainDialog } from '../../dialogs/mainDialog.js';
import type { Assistant } from '../../src/answer/assistant.js';
import type { ConversationContext } from '../../src/answer/understand.js';
import { MemoryAttemptLimiter } from '../../src/feedback/attemptLimiter.js';
import type { FeedbackRecord } from '../../src/feedback/types.js';
import { LowdbFeedbackRepository } from '../../src/storage/feedbackRepository.js';
import { LowdbQuestionLog } from '../../src/storage/questionLog.js';
import { LowdbRatingStore } from '../../src/storage/ratingStore.js';
import { FileUsageLog } from '../../src/storage/usageLog.js';
import { withTempDir } from './tempDir.js';

export interface Harness {
  services: DialogServices;
  feedback: LowdbFeedbackRepository;
  questions: LowdbQuestionLog;
  ratings: LowdbRatingStore;
  notified: FeedbackRecord[];
  state: ConversationState;
  client(): DialogTestClient;
  cleanup(): Promise<void>;
}

export async function createHarness(assistant: Assistant): Promise<Harness> {
  const { dir, cleanup } = await withTempDir();
  const feedback = await LowdbFeedbackRepository.open(join(dir, 'feedback.json'), { prefix: assistant.kb.feedback.reference_prefix, salt: 'salt' });
  const questions = await LowdbQuestionLog.open(join(dir, 'questions.json'), 'salt');
  const ratings = await LowdbRatingStore.open(join(dir, 'ratings.json'), 'salt');
  const usage = await FileUsageLog.open(join(dir, 'usage.jsonl'));
  const state = new ConversationState(new MemoryStorage());
  const notified: FeedbackRecord[] = [];
  const services: DialogServices = {
    assistant,
    conversation: state.createProperty<ConversationContext>('conversation'),
    questions,
    ratings,
    usage,
    feedback,
    onFeedbackSaved: (r) => notified.push(r),
    accessLimiter: new MemoryAttemptLimiter(3, 60_000),
    retentionDays: 365,
    logger: pino({ level: 'silent' }),
  };
  return {
    services, feedback, questions, ratings, notified, state, cleanup,
    client: () => new DialogTestClient('test', new MainDialog(services), undefined, [new DialogTestLogger({ log: () => undefined })], state),
  };
}

/**
 * A conversation with the real MainDialog over fresh stores for each test: registers the jest hooks
 * and returns `say`, which sends a message (text, or a button's value) and resolves with every reply
 * of that turn. The harness of the running test is `conversation.harness`.
 */
export function dialogConversation(load: () => Promise<Assistant>): { readonly assistant: Assistant; readonly harness: Harness; say(message: string | object): Promise<Array<Partial<Activity>>> } {
  let assistant: Assistant;
  let harness: Harness;
  let client: DialogTestClient;
  beforeAll(async () => {
    assistant = await load();
  });
  beforeEach(async () => {
    harness = await createHarness(assistant);
    client = harness.client();
  });
  afterEach(async () => harness.cleanup());
  return {
    get assistant() {
      return assistant;
    },
    get harness() {
      return harness;
    },
    async say(message) {
      const activity = typeof message === 'string' || 'type' in message ? message : { type: ActivityTypes.Message, value: message };
      const first = await client.sendActivity(activity as string | Partial<Activity>);
      const replies = first ? [first] : [];
      for (let next = client.getNextReply(); next; next = client.getNextReply()) replies.push(next);
      return replies;
    },
  };
}
