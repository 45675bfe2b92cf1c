// Erases the personal data of feedback records closed more than RETENTION_DAYS ago, and prunes the
// logs that keep what citizens wrote or did (the unanswered-question log, the usage log) to the same
// days: once at start and then every day.
import type { Logger } from '../common/logger.js';
import type { FeedbackRepository } from './repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A log whose entries hold what citizens wrote, kept no longer than the retention. */
export interface PrunableLog {
  /** Removes the entries written before `cutoff`; resolves with how many. */
  pruneBefore(cutoff: Date): Promise<number>;
}

export async function applyRetention(repository: FeedbackRepository, retentionDays: number, now: Date): Promise<number> {
  return repository.anonymiseClosedBefore(new Date(now.getTime() - retentionDays * DAY_MS), 'retention');
}

/** Prunes each log to the retention; resolves with how many entries went. */
export async function pruneLogs(logs: readonly PrunableLog[], retentionDays: number, now: Date): Promise<number> {
  let pruned = 0;
  for (const log of logs) pruned += await log.pruneBefore(new Date(now.getTime() - retentionDays * DAY_MS));
  return pruned;
}

export interface RetentionOptions {
  /** Logs pruned to the same days (the unanswered-question log, the usage log). */
  logs?: readonly PrunableLog[];
  now?: () => Date;
}

export function startRetentionJob(repository: FeedbackRepository, retentionDays: number, logger: Logger, options: RetentionOptions = {}): () => void {
  const now = options.now ?? (() => new Date());
  const run = () => {
    const at = now();
    return Promise.all([
      applyRetention(repository, retentionDays, at).then(
        (count) => count > 0 && logger.info({ count, retentionDays }, 'personal data of closed feedback erased'),
        (err: unknown) => logger.error({ err }, 'retention job failed'),
      ),
      pruneLogs(options.logs ?? [], retentionDays, at).then(
        (count) => count > 0 && logger.info({ count, retentionDays }, 'log entries older than the retention pruned'),
        (err: unknown) => logger.error({ err }, 'pruning the logs failed'),
      ),
    ]);
  };
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
