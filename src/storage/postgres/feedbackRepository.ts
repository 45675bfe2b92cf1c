// Feedback records in PostgreSQL. The reference number is taken from feedback_sequences in the
// same transaction that inserts the record: the sequence row stays locked until the commit, so
// instances number one after the other, and a failed insert rolls the number back with it. No
// number is ever skipped or given twice, and none is given for a record that was not stored.
import type pg from 'pg';
import { accessCodeMatches, DUMMY_ACCESS_HASH, generateAccessCode } from '../../feedback/accessCode.js';
import { anonymiseChange, applyChange, eraseForRetention, newFeedbackRecord, replyChange, statusChange, type RecordChange } from '../../feedback/recordChanges.js';
import { formatReference } from '../../feedback/reference.js';
import { RecordNotFoundError, type FeedbackRepository, type RepositoryOptions } from '../../feedback/repository.js';
import type { DeliveryState, FeedbackFilter, FeedbackRecord, FeedbackStatus, NewFeedback } from '../../feedback/types.js';
import { inTransaction, type Database } from './database.js';
import { storableJson } from '../../common/storableText.js';

/** Something queries can be sent to: the pool, or one connection inside a transaction. */
type Queryable = Pick<pg.PoolClient, 'query'>;

const NEXT_NUMBER = `
  INSERT INTO feedback_sequences (year, last) VALUES ($1, 1)
  ON CONFLICT (year) DO UPDATE SET last = feedback_sequences.last + 1
  RETURNING last`;

/** Inserts a record with its indexed columns; an existing reference is left as it is (imports run twice). */
export async function insertRecord(db: Queryable, r: FeedbackRecord): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO feedback_records (reference, kind, status, created_at, closed_at, anonymised_at, record)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (reference) DO NOTHING`,
    [r.reference, r.kind, r.status, r.createdAt, r.closedAt ?? null, r.anonymisedAt ?? null, storableJson(r)],
  );
  return rowCount === 1;
}

async function saveRecord(db: Queryable, r: FeedbackRecord): Promise<void> {
  await db.query('UPDATE feedback_records SET status = $2, closed_at = $3, anonymised_at = $4, record = $5::jsonb WHERE reference = $1', [
    r.reference,
    r.status,
    r.closedAt ?? null,
    r.anonymisedAt ?? null,
    storableJson(r),
  ]);
}

/**
 * The filter as SQL, with only the conditions it has: each then can use its index (kind and
 * status, the category inside the record, the day received). Values go as parameters.
 */
function whereOf(filter: FeedbackFilter): { where: string; values: unknown[] } {
  const values: unknown[] = [];
  const conditions: string[] = [];
  const add = (sql: (param: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  if (filter.kind) add((p) => `kind = ${p}`, filter.kind);
  if (filter.statuses) add((p) => `status = ANY(${p}::text[])`, filter.statuses);
  if (filter.category === null) conditions.push("record->>'category' IS NULL");
  else if (filter.category !== undefined) add((p) => `record->>'category' = ${p}`, filter.category);
  if (filter.from) add((p) => `created_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `created_at <= ${p}`, filter.to);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', values };
}

export class PostgresFeedbackRepository implements FeedbackRepository {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly options: RepositoryOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async create(input: NewFeedback): Promise<{ record: FeedbackRecord; accessCode: string }> {
    const now = this.now();
    const year = now.getUTCFullYear();
    const accessCode = generateAccessCode();
    const record = await inTransaction(this.db, async (client) => {
      const { rows } = await client.query<{ last: number }>(NEXT_NUMBER, [year]);
      const reference = formatReference(this.options.prefix, year, rows[0].last);
      const made = newFeedbackRecord(input, reference, accessCode, this.options.salt, now.toISOString());
      await insertRecord(client, made);
      return made;
    });
    return { record, accessCode };
  }

  async getByReference(reference: string): Promise<FeedbackRecord | undefined> {
    const { rows } = await this.db.query<{ record: FeedbackRecord }>('SELECT record FROM feedback_records WHERE reference = $1', [reference]);
    return rows[0]?.record;
  }

  async verifyAccess(reference: string, accessCode: string): Promise<FeedbackRecord | undefined> {
    const r = await this.getByReference(reference);
    // Hash a dummy too, so an unknown reference costs the same time as a wrong code.
    const ok = accessCodeMatches(reference, accessCode, r?.accessCodeHash ?? DUMMY_ACCESS_HASH);
    return r && ok ? r : undefined;
  }

  async list(filter: FeedbackFilter = {}): Promise<FeedbackRecord[]> {
    const { where, values } = whereOf(filter);
    const { rows } = await this.db.query<{ record: FeedbackRecord }>(`SELECT record FROM feedback_records ${where} ORDER BY position`, values);
    return rows.map((r) => r.record);
  }

  /** Reads the record locked, changes it as the lowdb store would, and writes it back. */
  private change(reference: string, by: string, change: RecordChange): Promise<FeedbackRecord> {
    return inTransaction(this.db, async (client) => {
      const { rows } = await client.query<{ record: FeedbackRecord }>('SELECT record FROM feedback_records WHERE reference = $1 FOR UPDATE', [reference]);
      const r = rows[0]?.record;
      if (!r) throw new RecordNotFoundError(`no feedback record ${reference}`);
      applyChange(r, change, by, this.now().toISOString());
      await saveRecord(client, r);
      return r;
    });
  }

  updateStatus(reference: string, status: FeedbackStatus, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, statusChange(status));
  }

  appendReply(reference: string, text: string, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, replyChange(text, by));
  }

  async recordDelivery(reference: string, channel: 'email' | 'webhook', state: DeliveryState): Promise<void> {
    await this.db.query("UPDATE feedback_records SET record = jsonb_set(record, ARRAY['notifications', $2::text], $3::jsonb) WHERE reference = $1", [
      reference,
      channel,
      JSON.stringify(state),
    ]);
  }

  anonymise(reference: string, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, anonymiseChange);
  }

  anonymiseClosedBefore(date: Date, by: string): Promise<number> {
    return inTransaction(this.db, async (client) => {
      const { rows } = await client.query<{ record: FeedbackRecord }>(
        "SELECT record FROM feedback_records WHERE status = 'closed' AND closed_at < $1 AND anonymised_at IS NULL ORDER BY position FOR UPDATE",
        [date],
      );
      const at = this.now().toISOString();
      for (const { record } of rows) {
        eraseForRetention(record, by, at);
        await saveRecord(client, record);
      }
      return rows.length;
    });
  }
}
