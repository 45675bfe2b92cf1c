// Usage events in PostgreSQL, one row each, written when added (inside a turn, with its commit: turnWriter.ts).
import type { UsageEvent, UsageLog } from '../../insights/usage.js';
import type { Database } from './database.js';
import { poolWriter, type LogWriter } from './turnWriter.js';
import { storableJson } from '../../common/storableText.js';

export class PostgresUsageLog implements UsageLog {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
    private readonly write: LogWriter = poolWriter(db),
  ) {}

  async add(event: Omit<UsageEvent, 'time'>): Promise<void> {
    await this.write('INSERT INTO usage_events (event) VALUES ($1::jsonb)', [storableJson({ time: this.now().toISOString(), ...event })]);
  }

  async list(): Promise<readonly UsageEvent[]> {
    const { rows } = await this.db.query<{ event: UsageEvent }>('SELECT event FROM usage_events ORDER BY position');
    return rows.map((r) => r.event);
  }

  /** Drops the events before `cutoff`; returns how many. */
  async pruneBefore(cutoff: Date): Promise<number> {
    const { rowCount } = await this.db.query("DELETE FROM usage_events WHERE event->>'time' < $1", [cutoff.toISOString()]);
    return rowCount ?? 0;
  }

  /** Nothing is pending: every event is written before add() resolves, or with its turn's commit. */
  async flush(): Promise<void> {}
}
