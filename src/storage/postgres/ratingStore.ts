// Ratings in PostgreSQL. A second tap on the same card replaces the first; the card is locked for
// the transaction (an advisory lock on its key), so two instances taking the taps at once still
// leave one rating.
import { ratingOf, type NewRating, type Rating, type RatingStore } from '../../insights/ratings.js';
import { inTransaction, type Database } from './database.js';
import { storableJson } from '../../common/storableText.js';

/** The first key of this store's advisory locks (the second is the card's hash). */
const CARD_LOCK = 7_340_913;

export class PostgresRatingStore implements RatingStore {
  constructor(
    private readonly db: Database,
    private readonly salt: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(r: NewRating): Promise<void> {
    const rating = ratingOf(r, this.salt, this.now());
    const json = storableJson(rating);
    if (!rating.card) {
      await this.db.query('INSERT INTO ratings (conversation, card, entry_id, rating) VALUES ($1, NULL, $2, $3::jsonb)', [rating.conversation, rating.entryId, json]);
      return;
    }
    const card = rating.card;
    await inTransaction(this.db, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CARD_LOCK, `${rating.conversation}:${card}`]);
      const { rows } = await client.query<{ position: string; entry_id: string }>(
        'SELECT position, entry_id FROM ratings WHERE conversation = $1 AND card = $2 ORDER BY position DESC LIMIT 1',
        [rating.conversation, card],
      );
      if (rows[0]?.entry_id === rating.entryId) await client.query('UPDATE ratings SET rating = $2::jsonb WHERE position = $1', [rows[0].position, json]);
      else await client.query('INSERT INTO ratings (conversation, card, entry_id, rating) VALUES ($1, $2, $3, $4::jsonb)', [rating.conversation, card, rating.entryId, json]);
    });
  }

  async list(): Promise<readonly Rating[]> {
    const { rows } = await this.db.query<{ rating: Rating }>('SELECT rating FROM ratings ORDER BY position');
    return rows.map((r) => r.rating);
  }

  /** Nothing is pending: every rating is written before add() resolves. */
  async flush(): Promise<void> {}
}
