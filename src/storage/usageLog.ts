// Usage events in a lowdb file, written behind: an event is in memory at once and reaches the
// file within a second.
import type { Low } from 'lowdb';
import type { UsageEvent, UsageLog } from '../insights/usage.js';
import { openJsonStore } from './jsonStore.js';
import { WriteBehind } from './writeBehind.js';

export interface UsageFile {
  events: UsageEvent[];
}

export class LowdbUsageLog implements UsageLog {
  private readonly writer: WriteBehind;

  private constructor(
    private readonly db: Low<UsageFile>,
    private readonly now: () => Date,
  ) {
    this.writer = new WriteBehind(db);
  }

  static async open(file: string, now: () => Date = () => new Date()): Promise<LowdbUsageLog> {
    return new LowdbUsageLog(await openJsonStore<UsageFile>(file, { events: [] }), now);
  }

  async add(event: Omit<UsageEvent, 'time'>): Promise<void> {
    this.db.data.events.push({ time: this.now().toISOString(), ...event });
    this.writer.schedule();
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async list(): Promise<readonly UsageEvent[]> {
    return this.db.data.events;
  }
}
