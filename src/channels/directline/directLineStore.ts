// Where the self-hosted Direct Line keeps its conversations' transcripts, behind one asynchronous
// interface: in this process's memory (one instance, the default), or in PostgreSQL (several
// instances behind one address: any of them answers a poll or streams what another appended).
// Either keeps the same bounds (TranscriptLimits) and forgets idle conversations.
import type { Activity } from 'botbuilder';
import { ConversationStore, type StoredConversation, type TranscriptLimits } from './conversationStore.js';

export interface DirectLineConversation {
  id: string;
  userId: string;
}

/** Activities after a watermark, and the watermark after them. */
export interface Transcript {
  activities: Array<Partial<Activity>>;
  watermark: number;
}

/** A WebSocket stream's end of a subscription. */
export interface StreamSubscriber {
  /** New activities in order, each once, with the watermark after them. */
  send(activities: Array<Partial<Activity>>, watermark: number): void;
  /** The conversation was forgotten (bounds or expiry): the stream closes. */
  end(): void;
}

export interface DirectLineStore {
  readonly limits: TranscriptLimits;
  /** The conversation, created when new (an existing one keeps its user). */
  open(id: string, userId: string): Promise<DirectLineConversation>;
  /** Whether the conversation is kept. */
  exists(id: string): Promise<boolean>;
  /** Marks the conversation started; true only for the one call, on any instance, that started it. */
  start(id: string): Promise<boolean>;
  /** Appends with ids `<conversation>|0000001`, and tells the conversation's streams. */
  append(c: DirectLineConversation, activities: Array<Partial<Activity>>): Promise<Array<Partial<Activity>>>;
  /** The activities after `watermark`; undefined when the conversation is not kept. */
  since(id: string, watermark: number): Promise<Transcript | undefined>;
  /** Sends the activities after `watermark`, then each new one, until the returned function is called. */
  subscribe(id: string, watermark: number, subscriber: StreamSubscriber): () => void;
  /** Forgets conversations idle longer than the limit, and activities older than maxAgeMs. */
  sweep(): Promise<void>;
  /** Forgets the conversations whose id matches (an erasure of what a citizen said), their streams end; resolves with how many. */
  forget(matches: (id: string) => boolean): Promise<number>;
  close(): Promise<void>;
}

/** The in-memory store (ConversationStore) behind the asynchronous interface. */
export class MemoryDirectLineStore implements DirectLineStore {
  constructor(readonly memory: ConversationStore) {}

  get limits(): TranscriptLimits {
    return this.memory.limits;
  }

  async open(id: string, userId: string): Promise<DirectLineConversation> {
    const c = this.memory.open(id, userId);
    return { id: c.id, userId: c.userId };
  }

  async exists(id: string): Promise<boolean> {
    return this.memory.get(id) !== undefined;
  }

  async start(id: string): Promise<boolean> {
    const c = this.memory.get(id);
    if (!c || c.started) return false;
    c.started = true;
    return true;
  }

  async append(c: DirectLineConversation, activities: Array<Partial<Activity>>): Promise<Array<Partial<Activity>>> {
    return this.memory.append(this.memory.open(c.id, c.userId), activities);
  }

  async since(id: string, watermark: number): Promise<Transcript | undefined> {
    const c = this.memory.get(id);
    return c && { activities: this.memory.since(c, watermark), watermark: this.memory.watermark(c) };
  }

  subscribe(id: string, watermark: number, subscriber: StreamSubscriber): () => void {
    const c: StoredConversation | undefined = this.memory.get(id);
    if (!c) {
      subscriber.end();
      return () => undefined;
    }
    // Backlog and listener in one synchronous step: nothing appended in between is missed.
    const backlog = this.memory.since(c, watermark);
    if (backlog.length > 0) subscriber.send(backlog, this.memory.watermark(c));
    const listener = (activities: Array<Partial<Activity>>, mark: number) => subscriber.send(activities, mark);
    const ender = () => subscriber.end();
    c.listeners.add(listener);
    c.enders.add(ender);
    return () => {
      c.listeners.delete(listener);
      c.enders.delete(ender);
    };
  }

  async sweep(): Promise<void> {
    this.memory.sweep();
  }

  async forget(matches: (id: string) => boolean): Promise<number> {
    return this.memory.forget(matches);
  }

  async close(): Promise<void> {}
}
