// The self-hosted Direct Line's transcripts in PostgreSQL, shared by every instance: a poll with a
// watermark is answered by any of them, and an activity appended on one reaches the WebSocket
// streams held by another through NOTIFY (the payload names only the conversation and the new
// watermark; the listening instance reads the activities from the table). Bounded as the memory
// store is: the activities and bytes of one conversation (oldest go first), the bytes and number
// of all conversations (least recently active go first), and idle conversations expire.
import type { Activity } from 'botbuilder';
import type { TranscriptLimits } from '../../channels/directline/conversationStore.js';
import type { DirectLineConversation, DirectLineStore, StreamSubscriber, Transcript } from '../../channels/directline/directLineStore.js';
import type { Logger } from '../../common/logger.js';
import { inTransaction, type Database } from './database.js';
import { notify, type Notifications } from './notifications.js';
import type { TurnConnection } from './turnLock.js';
import { storableJson } from '../../common/storableText.js';

/** Conversation ids are UUIDs the token issuer made; anything longer is not ours. */
const MAX_ID_LENGTH = 200;

interface Subscription {
  id: string;
  mark: number;
  subscriber: StreamSubscriber;
  /** Reads of this subscription run one after another, so activities go out once and in order. */
  chain: Promise<void>;
  active: boolean;
}

/** The notification that conversations were forgotten (one for a whole sweep, not one each). */
const GONE = '{"gone":true}';

const activityId = (conversationId: string, seq: number) => `${conversationId}|${String(seq).padStart(7, '0')}`;

function checkId(id: string): void {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) throw new Error('not a Direct Line conversation id');
}

export class PostgresDirectLineStore implements DirectLineStore {
  /** This process's stream subscriptions, by conversation. */
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private readonly stopListening: Array<() => void>;

  constructor(
    private readonly db: Database,
    hub: Notifications,
    readonly limits: TranscriptLimits,
    private readonly logger: Logger,
    /** The connection of the turn running under its lock (turnLock.ts): its replies are appended in the lock's transaction, with its state. */
    private readonly turnConnection: () => TurnConnection | undefined = () => undefined,
  ) {
    this.stopListening = [hub.on('directline', (payload) => this.announced(payload)), hub.onReconnect(() => this.catchUpAll())];
  }

  async open(id: string, userId: string): Promise<DirectLineConversation> {
    checkId(id);
    const found = await this.db.query<{ user_id: string }>('SELECT user_id FROM dl_conversations WHERE id = $1', [id]);
    if (found.rows[0]) return { id, userId: found.rows[0].user_id };
    const created = await this.db.query<{ user_id: string }>(
      `INSERT INTO dl_conversations (id, user_id) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET user_id = dl_conversations.user_id RETURNING user_id`,
      [id, userId],
    );
    await this.evictOver(id);
    return { id, userId: created.rows[0].user_id };
  }

  async exists(id: string): Promise<boolean> {
    if (id.length > MAX_ID_LENGTH) return false;
    return ((await this.db.query('SELECT 1 FROM dl_conversations WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async start(id: string): Promise<boolean> {
    checkId(id);
    return ((await this.db.query('UPDATE dl_conversations SET started = true WHERE id = $1 AND NOT started', [id])).rowCount ?? 0) > 0;
  }

  async append(c: DirectLineConversation, activities: Array<Partial<Activity>>): Promise<Array<Partial<Activity>>> {
    checkId(c.id);
    if (activities.length === 0) return [];
    const appendOn = async (client: TurnConnection) => {
      // The row lock of this statement keeps appends to one conversation in sequence, on every instance.
      const { rows } = await client.query<{ last_seq: string }>(
        `INSERT INTO dl_conversations (id, user_id, last_seq) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET last_seq = dl_conversations.last_seq + $3, last_active = now() RETURNING last_seq`,
        [c.id, c.userId, activities.length],
      );
      const last = Number(rows[0].last_seq);
      const stored = activities.map((a, i) => ({ ...a, id: activityId(c.id, last - activities.length + i + 1), timestamp: a.timestamp ?? new Date() }));
      const bodies = stored.map((a) => storableJson(a));
      await client.query(
        `INSERT INTO dl_activities (conversation_id, seq, body, bytes)
         SELECT $1, $2::bigint + n, body::jsonb, octet_length(body) FROM unnest($3::text[]) WITH ORDINALITY AS u(body, n)`,
        [c.id, last - activities.length, bodies],
      );
      await this.trim(client, c.id);
      await notify(client, 'directline', JSON.stringify({ c: c.id, w: last }));
      return stored;
    };
    // Inside a turn the replies are kept only if the turn's state is, and announced at its commit.
    const turn = this.turnConnection();
    const added = turn ? await appendOn(turn) : await inTransaction(this.db, appendOn);
    await this.evictOver(c.id);
    return added;
  }

  /** Drops the oldest activities while the conversation is over its count or bytes (the newest one always stays). */
  private async trim(client: Pick<Database, 'query'>, id: string): Promise<void> {
    await client.query(
      `DELETE FROM dl_activities a USING (
         SELECT seq FROM (
           SELECT seq, row_number() OVER w AS n, sum(bytes) OVER w AS running
           FROM dl_activities WHERE conversation_id = $1 WINDOW w AS (ORDER BY seq DESC)
         ) r WHERE r.n > 1 AND (r.n > $2 OR r.running > $3)
       ) old WHERE a.conversation_id = $1 AND a.seq = old.seq`,
      [id, this.limits.maxActivities, this.limits.maxConversationBytes],
    );
    await client.query('UPDATE dl_conversations SET bytes = (SELECT coalesce(sum(bytes), 0) FROM dl_activities WHERE conversation_id = $1) WHERE id = $1', [id]);
  }

  /**
   * Forgets the least recently active conversations (never `keep`) while all together are over the
   * limits. Best effort: when it fails (two instances evicting at once), the next call does it.
   */
  private async evictOver(keep: string): Promise<void> {
    await this.evict(keep).catch((err: unknown) => this.logger.warn({ err }, 'could not forget old Direct Line conversations'));
  }

  private async evict(keep: string): Promise<void> {
    const { rowCount } = await this.db.query(
      `DELETE FROM dl_conversations d USING (
         SELECT id FROM (
           SELECT id, row_number() OVER w AS n, sum(bytes) OVER w AS running
           FROM dl_conversations WINDOW w AS (ORDER BY (id = $1) DESC, last_active DESC, id DESC)
         ) r WHERE r.id <> $1 AND (r.n > $2 OR r.running > $3)
       ) old WHERE d.id = old.id`,
      [keep, this.limits.maxConversations, this.limits.maxTotalBytes],
    );
    if (rowCount) await notify(this.db, 'directline', GONE);
  }

  async since(id: string, watermark: number): Promise<Transcript | undefined> {
    if (id.length > MAX_ID_LENGTH) return undefined;
    // One statement, one snapshot: the watermark is that of exactly the activities returned.
    const { rows } = await this.db.query<{ last_seq: string; activities: Array<Partial<Activity>> | null }>(
      `SELECT c.last_seq, (SELECT json_agg(a.body ORDER BY a.seq) FROM dl_activities a WHERE a.conversation_id = c.id AND a.seq > $2) AS activities
       FROM dl_conversations c WHERE c.id = $1`,
      [id, Math.max(0, Math.floor(watermark))],
    );
    return rows[0] && { activities: rows[0].activities ?? [], watermark: Number(rows[0].last_seq) };
  }

  subscribe(id: string, watermark: number, subscriber: StreamSubscriber): () => void {
    const subscription: Subscription = { id, mark: watermark, subscriber, chain: Promise.resolve(), active: true };
    const set = this.subscriptions.get(id) ?? new Set<Subscription>();
    set.add(subscription);
    this.subscriptions.set(id, set);
    this.pull(subscription); // the backlog; a notification of anything newer pulls again
    return () => this.unsubscribe(subscription);
  }

  private unsubscribe(s: Subscription): void {
    s.active = false;
    const set = this.subscriptions.get(s.id);
    set?.delete(s);
    if (set?.size === 0) this.subscriptions.delete(s.id);
  }

  /** Sends the subscriber what is after its mark; ends it when the conversation is gone. */
  private pull(s: Subscription): void {
    s.chain = s.chain.then(async () => {
      if (!s.active) return;
      try {
        const transcript = await this.since(s.id, s.mark);
        if (!s.active) return;
        if (!transcript) {
          this.unsubscribe(s);
          s.subscriber.end();
        } else if (transcript.watermark > s.mark) {
          s.mark = transcript.watermark;
          if (transcript.activities.length > 0) s.subscriber.send(transcript.activities, transcript.watermark);
        }
      } catch (err) {
        this.logger.warn({ err }, 'could not read a Direct Line transcript for its stream');
      }
    });
  }

  private announced(payload: string): void {
    let message: { c?: unknown; w?: unknown };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      return;
    }
    if (payload === GONE) return this.catchUpAll(); // each stream of a forgotten conversation ends
    if (typeof message.c !== 'string' || typeof message.w !== 'number') return;
    for (const s of this.subscriptions.get(message.c) ?? []) if (message.w > s.mark) this.pull(s);
  }

  private catchUpAll(): void {
    for (const set of this.subscriptions.values()) for (const s of set) this.pull(s);
  }

  /**
   * Forgets idle conversations. One with a stream open on this instance is marked active first (each
   * instance sweeps far more often than a conversation expires), so none is forgotten while streamed,
   * as in memory.
   */
  async sweep(): Promise<void> {
    const streamed = [...this.subscriptions.keys()];
    if (streamed.length > 0) await this.db.query('UPDATE dl_conversations SET last_active = now() WHERE id = ANY($1::text[])', [streamed]);
    const { rowCount } = await this.db.query('DELETE FROM dl_conversations WHERE last_active < now() - make_interval(secs => $1)', [this.limits.idleMs / 1000]);
    if (rowCount) await notify(this.db, 'directline', GONE);
    if (this.limits.maxAgeMs !== undefined) await this.dropOlderThan(new Date(Date.now() - this.limits.maxAgeMs));
  }

  /** Drops the activities appended before `cutoff` (the retention), however active their conversation. */
  private async dropOlderThan(cutoff: Date): Promise<void> {
    // Timestamps are stored as ISO strings in UTC (append), so they compare as text.
    await this.db.query(
      `WITH gone AS (DELETE FROM dl_activities WHERE body->>'timestamp' < $1 RETURNING conversation_id, bytes)
       UPDATE dl_conversations c SET bytes = c.bytes - g.bytes
       FROM (SELECT conversation_id, sum(bytes) AS bytes FROM gone GROUP BY conversation_id) g WHERE c.id = g.conversation_id`,
      [cutoff.toISOString()],
    );
  }

  /**
   * Forgets the conversations whose id matches (an erasure of what a citizen said), on every
   * instance: their streams end. The ids are read to be matched here (a hash of each is compared),
   * at most maxConversations of them.
   */
  async forget(matches: (id: string) => boolean): Promise<number> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM dl_conversations');
    const ids = rows.map((r) => r.id).filter(matches);
    if (ids.length === 0) return 0;
    const { rowCount } = await this.db.query('DELETE FROM dl_conversations WHERE id = ANY($1::text[])', [ids]);
    await notify(this.db, 'directline', GONE);
    return rowCount ?? 0;
  }

  async close(): Promise<void> {
    for (const stop of this.stopListening) stop();
    for (const set of this.subscriptions.values()) for (const s of set) s.active = false;
    this.subscriptions.clear();
  }
}
