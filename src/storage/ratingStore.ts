// Ratings in a lowdb file, written behind: an added rating is in memory at once and reaches the
// file within a second.
import type { Low } from 'lowdb';
import { ratingOf, type NewRating, type Rating, type RatingStore } from '../insights/ratings.js';
import { openJsonStore } from './jsonStore.js';
import { WriteBehind } from './writeBehind.js';

export interface RatingsFile {
  ratings: Rating[];
}

export class LowdbRatingStore implements RatingStore {
  private readonly writer: WriteBehind;
  /** The rating of each card, by conversation hash and card id. */
  private readonly byCard = new Map<string, Rating>();

  private constructor(
    private readonly db: Low<RatingsFile>,
    private readonly salt: string,
    private readonly now: () => Date,
  ) {
    this.writer = new WriteBehind(db);
    for (const r of db.data.ratings) if (r.card) this.byCard.set(cardKey(r.conversation, r.card), r);
  }

  static async open(file: string, salt: string, now: () => Date = () => new Date()): Promise<LowdbRatingStore> {
    return new LowdbRatingStore(await openJsonStore<RatingsFile>(file, { ratings: [] }), salt, now);
  }

  async add(r: NewRating): Promise<void> {
    const rating = ratingOf(r, this.salt, this.now());
    const earlier = r.card ? this.byCard.get(cardKey(rating.conversation, r.card)) : undefined;
    if (earlier && earlier.entryId === rating.entryId) Object.assign(earlier, rating);
    else {
      this.db.data.ratings.push(rating);
      if (r.card) this.byCard.set(cardKey(rating.conversation, r.card), rating);
    }
    this.writer.schedule(); // written within a second (write-behind)
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async list(): Promise<readonly Rating[]> {
    return this.db.data.ratings;
  }
}

const cardKey = (conversation: string, card: string) => `${conversation}\u0000${card}`;
