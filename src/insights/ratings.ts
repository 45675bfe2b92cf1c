// "Was this helpful?" answers, per knowledge entry, for the staff console. One rating per card: a
// second tap on the same card ("Да", then "Не") replaces the first, so the last one stands.
// Storage implements the store (lowdb file or PostgreSQL).
import { hashConversation } from '../common/conversationHash.js';

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

export interface NewRating {
  entryId: string;
  useful: boolean;
  lang: string;
  channel: string;
  conversationId: string;
  card?: string;
}

export interface RatingStore {
  /** Adds a rating, or replaces the earlier one of the same card and entry. */
  add(r: NewRating): Promise<void>;
  /** Every rating, oldest first. */
  list(): Promise<readonly Rating[]>;
  /** Writes what is pending (at stop, and for tests). */
  flush(): Promise<void>;
}

/** The rating as it is kept: the conversation only as its hash. */
export function ratingOf(r: NewRating, salt: string, now: Date): Rating {
  return {
    entryId: r.entryId,
    useful: r.useful,
    lang: r.lang,
    channel: r.channel,
    conversation: hashConversation(salt, r.channel, r.conversationId),
    time: now.toISOString(),
    ...(r.card ? { card: r.card } : {}),
  };
}
