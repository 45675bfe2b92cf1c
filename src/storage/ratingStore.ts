// "Was this helpful?" answers, per knowledge entry, for the staff console.
import type { Low } from 'lowdb';
import { openJsonStore } from './jsonStore.js';
import { hashConversation } from './questionLog.js';

export interface Rating {
  entryId: string;
  useful: boolean;
  time: string;
  lang: string;
  channel: string;
  conversation: string;
}

export class RatingStore {
  private constructor(
    private readonly db: Low<{ ratings: Rating[] }>,
    private readonly salt: string,
    private readonly now: () => Date,
  ) {}

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
    await this.db.update((data) => data.ratings.push(rating));
  }

  list(): readonly Rating[] {
    return this.db.data.ratings;
  }
}
