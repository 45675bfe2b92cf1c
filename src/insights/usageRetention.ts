// Drops usage events older than RETENTION_DAYS: once at start and then every day, so the log (and
// what a dashboard view reads) stays as long as the retention, not as long as the bot has run.
import type { Logger } from '../common/logger.js';
import type { UsageLog } from './usage.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function startUsageRetention(usage: Pick<UsageLog, 'eraseBefore'>, retentionDays: number, logger: Logger, now: () => Date = () => new Date()): () => void {
  const run = () =>
    usage.eraseBefore(new Date(now().getTime() - retentionDays * DAY_MS)).then(
      (count) => count > 0 && logger.info({ count, retentionDays }, 'usage events past the retention dropped'),
      (err: unknown) => logger.error({ err }, 'usage retention failed'),
    );
  void run();
  const timer = setInterval(() => void run(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
