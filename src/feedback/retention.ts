// Erases the personal data of feedback records closed more than RETENTION_DAYS ago:
// once at start and then every day.
import type { Logger } from '../common/logger.js';
import type { FeedbackRepository } from './repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function applyRetention(repository: FeedbackRepository, retentionDays: number, now: Date): Promise<number> {
  return repository.anonymiseClosedBefore(new Date(now.getTime() - retentionDays * DAY_MS), 'retention');
}

export function startRetentionJob(repository: FeedbackRepository, retentionDays: number, logger: Logger, now: () => Date = () => new Date()): () => void {
  const run = () =>
    applyRetention(repository, retentionDays, now()).then(
      (count) => count > 0 && logger.info({ count, retentionDays }, 'personal data of closed feedback erased'),
      (err: unknown) => logger.error({ err }, 'retention job failed'),
    );
  void run();
  const timer = setInterval(() => void run(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

const HOUR_MS = 60 * 60 * 1000;

/** What the conversation retention needs of the state storage. */
export interface IdleConversationEraser {
  eraseIdleSince(cutoff: Date): Promise<number>;
}

/**
 * Erases the state of conversations idle for `retentionHours`: above all the drafts of feedback that
 * was never submitted, with the name, phone and description typed so far. At start and every hour.
 */
export function startConversationRetention(storage: IdleConversationEraser, retentionHours: number, logger: Logger, now: () => Date = () => new Date()): () => void {
  const run = () =>
    storage.eraseIdleSince(new Date(now().getTime() - retentionHours * HOUR_MS)).then(
      (count) => count > 0 && logger.info({ count, retentionHours }, 'idle conversations erased'),
      (err: unknown) => logger.error({ err }, 'conversation retention failed'),
    );
  void run();
  const timer = setInterval(() => void run(), HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
