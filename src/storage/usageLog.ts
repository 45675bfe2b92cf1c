// One line per question the bot handled: what it decided and for which entry, for the staff
// dashboard (questions a day, share answered, most asked services). No question text, no user ids.
import type { Low } from 'lowdb';
import { openJsonStore } from './jsonStore.js';
import { WriteBehind } from './writeBehind.js';

export interface UsageEvent {
  time: string;
  decision: string;
  entryId?: string;
  lang: string;
  channel: string;
}

export class UsageLog {
  private readonly writer: WriteBehind;

  private constructor(
    private readonly db: Low<{ events: UsageEvent[] }>,
    private readonly now: () => Date,
  ) {
    this.writer = new WriteBehind(db);
  }

  static async open(file: string, now: () => Date = () => new Date()): Promise<UsageLog> {
    return new UsageLog(await openJsonStore(file, { events: [] as UsageEvent[] }), now);
  }

  /** Resolves at once; the event reaches the file within a second (write-behind). */
  async add(event: Omit<UsageEvent, 'time'>): Promise<void> {
    this.db.data.events.push({ time: this.now().toISOString(), ...event });
    this.writer.schedule();
  }

  /** Writes what is pending (at stop, and for tests). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  list(): readonly UsageEvent[] {
    return this.db.data.events;
  }
}
