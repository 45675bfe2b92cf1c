// "Was this helpful?" answers, per knowledge entry, for the staff console. One rating per card: a
// second tap on the same card ("Да", then "Не") replaces the first, so the last one stands.
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
  /** The card rated, when the button said (buttons from before cards had ids do not). */
  card?: string;
}

export class RatingStore {
  private readonly writer: WriteBehind;
  /** The rating of each card, by conversation hash and card id. */
  private readonly byCard = new Map<string, Rating>();

  private constructor(
    private readonly db: Low<{ ratings: Rating[] }>,
    private readonly salt: string,
    private readonly now: () => Date,
  ) {
    this.writer = new WriteBehind(db);
    for (const r of db.data.ratings) if (r.card) this.byCard.set(cardKey(r.conversation, r.card), r);
  }

  static async open(file: string, salt: string, now: () => Date = () => new Date()): Promise<RatingStore> {
    return new RatingStore(await openJsonStore(file, { ratings: [] as Rating[] }), salt, now);
  }

  async add(r: { entryId: string; useful: boolean; lang: string; channel: string; conversationId: string; card?: string }): Promise<void> {
    const rating: Rating = {
      entryId: r.entryId,
      useful: r.useful,
      lang: r.lang,
      channel: r.channel,
      conversation: hashConversation(this.salt, r.channel, r.conversationId),
      time: this.now().toISOString(),
      ...(r.card ? { card: r.card } : {}),
    };
    const earlier = r.card ? this.byCard.get(cardKey(rating.conversation, r.card)) : undefined;
    if (earlier && earlier.entryId === rating.entryId) Object.assign(earlier, rating);
    else {
      this.db.data.ratings.push(rating);
      if (r.card) this.byCard.set(cardKey(rating.conversation, r.card), rating);
    }
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

const cardKey = (conversation: string, card: string) => `${conversation}\u0000${card}`;
