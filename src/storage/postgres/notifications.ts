// One listening connection per process for PostgreSQL's LISTEN/NOTIFY: what one instance changes
// (a Direct Line activity, an edited knowledge file) reaches the others within milliseconds. The
// connection reconnects after a drop, with a growing pause; notifications sent while it was down
// are lost, so every handler of `onReconnect` catches up by reading the tables again. Channel
// names carry the schema, so that instances (and tests) on other schemas of the database are not
// woken by each other. A payload names what changed, never carries it: listeners read the rows.
import pg from 'pg';
import type { Logger } from '../../common/logger.js';
import type { Database } from './database.js';

export type Topic = 'directline' | 'knowledge';
const TOPICS: Topic[] = ['directline', 'knowledge'];

/** The channel of a topic in the schema the statement runs in (the same expression for NOTIFY and for LISTEN's name). */
export const channelSql = (topicParam: string) => `current_schema() || ':' || ${topicParam}`;

/** Sends a notification on `topic`, delivered when the transaction (or statement) commits. */
export async function notify(db: Pick<Database, 'query'> | Pick<pg.PoolClient, 'query'>, topic: Topic, payload: string): Promise<void> {
  await db.query(`SELECT pg_notify(${channelSql('$1::text')}, $2)`, [topic, payload]);
}

type Handler = (payload: string) => void;

const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 10_000;

export class Notifications {
  private client: pg.Client | undefined;
  private readonly handlers = new Map<Topic, Set<Handler>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private channels = new Map<string, Topic>();
  private pause = FIRST_PAUSE_MS;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  /** Connects and listens; rejects when the database does not answer at start. */
  static async open(url: string, logger: Logger): Promise<Notifications> {
    const hub = new Notifications(url, logger);
    await hub.connect();
    return hub;
  }

  /** Calls `handler` with each payload sent on `topic`; returns what stops it. */
  on(topic: Topic, handler: Handler): () => void {
    const set = this.handlers.get(topic) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(topic, set);
    return () => set.delete(handler);
  }

  /** Calls `handler` after each reconnection, to read again what may have been missed. */
  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: 5000, application_name: 'obshtina-chatbot-listen' });
    client.on('error', () => this.lost(client)); // a dropped connection: reconnect, never crash
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => this.dispatch(message.channel, message.payload ?? ''));
    await client.connect();
    try {
      const { rows } = await client.query<{ topic: Topic; channel: string }>(`SELECT t AS topic, ${channelSql('t')} AS channel FROM unnest($1::text[]) AS t`, [TOPICS]);
      this.channels = new Map(rows.map((r) => [r.channel, r.topic]));
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
  }

  private dispatch(channel: string, payload: string): void {
    const topic = this.channels.get(channel);
    if (!topic) return;
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(payload);
      } catch (err) {
        this.logger.error({ err, topic }, 'a notification handler failed');
      }
    }
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return; // already replaced, or never established
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.logger.warn('the PostgreSQL notification connection was lost; reconnecting');
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect().then(
        () => {
          this.pause = FIRST_PAUSE_MS;
          this.logger.info('the PostgreSQL notification connection is back');
          for (const handler of this.reconnectHandlers) handler();
        },
        () => {
          this.pause = Math.min(this.pause * 2, LONGEST_PAUSE_MS);
          this.schedule();
        },
      );
    }, this.pause);
    this.timer.unref();
  }

  /** Whether the listening connection is up (for health checks and tests). */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** For tests: the server process of the listening connection, to cut it. */
  async backendPid(): Promise<number | undefined> {
    const { rows } = (await this.client?.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) ?? { rows: [] };
    return rows[0]?.pid;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    this.handlers.clear();
    this.reconnectHandlers.clear();
    await client?.end().catch(() => undefined);
  }
}
