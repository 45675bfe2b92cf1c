// "Was this helpful?" answers, per knowledge entry, for the staff console.
import type { Low } from 'lowdb';
import { openJsonStore } from './jsonStore.js';
import { hashConversation } from './questionLog.js';
import { WriteBehind } from './writeBehind.js';

export interface Rating {
  entryId: string;
  useful: boolean;
  time: string;
  lang: string;
  channel: string;
  conversation: string;
}

export class RatingStore {
  private readonly writer: WriteBehind;

  private constructor(
    private readonly db: Low<{ ratings: Rating[] }>,
    private readonly salt: string,
    private readonly now: () => Date,
  ) {
    this.writer = new WriteBehind(db);
  }

  static async open(file: string, salt: string, now: () => Date = () => new Date()): Promise<RatingStore> {
    return new RatingStore(await openJsonStore(file, { ratings: [] as Rating[] }), salt, now);
  }

  async add(r: { entryId: string; useful: boolean; lang: string; channel: string; conversationId: string }): Promise<void> {
    const rating: Rating = {
      entryId: r.entryId,
      useful: r.useful,
      lang: r.lang,
      channel: r.channel,
      conversation: hashConversation(this.salt, r.channel, r.conversationId),
      time: this.now().toISOString(),
    };
    this.db.data.ratings.push(rating);
    this.writer.schedule(); // written within a second (write-behind)
  }

  /** Writes what is pending (at stop, and for tests). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  list(): readonly Rating[] {
    return this.db.data.ratings;
  }
}
