// One line per question the bot handled: what it decided and for which entry, for the staff
// dashboard (questions a day, share answered, most asked services). No question text, no user ids.
import type { Low } from 'lowdb';
import { openJsonStore } from './jsonStore.js';

export interface UsageEvent {
  time: string;
  decision: string;
  entryId?: string;
  lang: string;
  channel: string;
}

export class UsageLog {
  private constructor(
    private readonly db: Low<{ events: UsageEvent[] }>,
    private readonly now: () => Date,
  ) {}

  static async open(file: string, now: () => Date = () => new Date()): Promise<UsageLog> {
    return new UsageLog(await openJsonStore(file, { events: [] as UsageEvent[] }), now);
  }

  async add(event: Omit<UsageEvent, 'time'>): Promise<void> {
    const record = { time: this.now().toISOString(), ...event };
    await this.db.update((data) => data.events.push(record));
  }

  list(): readonly UsageEvent[] {
    return this.db.data.events;
  }
}
