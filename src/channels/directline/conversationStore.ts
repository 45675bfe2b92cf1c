// Direct Line conversations in memory (behind the DirectLineStore interface, directLineStore.ts): each conversation's activities in order (the watermark is
// the count already seen) and the listeners of its WebSocket streams. The bot's own state lives in
// its storage; this is only the transcript the web chat reads, kept for a day of inactivity.
// Everything here is bounded, because a stranger with a free token fills it: the bytes of one
// conversation's transcript (the oldest activities go first), the bytes and the number of all
// conversations (the least recently active go first).
import type { Activity } from 'botbuilder';

export type StreamListener = (activities: Array<Partial<Activity>>, watermark: number) => void;

export interface StoredConversation {
  id: string;
  userId: string;
  /** The most recent activities; older ones are dropped past a limit. */
  activities: Array<Partial<Activity>>;
  /** The serialised size of each activity, in the same order. */
  sizes: number[];
  /** Bytes of the activities kept. */
  bytes: number;
  /** How many activities were dropped from the front: watermarks count from the first ever. */
  dropped: number;
  lastActive: number;
  started: boolean;
  listeners: Set<StreamListener>;
  /** Called when the conversation is evicted, to close its streams. */
  enders: Set<() => void>;
}

export interface TranscriptLimits {
  /** Activities kept per conversation at most. */
  maxActivities: number;
  /** Bytes kept per conversation at most. */
  maxConversationBytes: number;
  /** Bytes kept over all conversations at most. */
  maxTotalBytes: number;
  /** Conversations kept at most. */
  maxConversations: number;
  /** A conversation idle this long is forgotten. */
  idleMs: number;
  /** Activities older than this are dropped at the sweep, however active the conversation (RETENTION_DAYS); none when not set. */
  maxAgeMs?: number;
}

/** What of a conversation outlives the process (a file store writes it; directLineFiles.ts). */
export interface SavedConversation {
  id: string;
  userId: string;
  activities: Array<Partial<Activity>>;
  dropped: number;
  lastActive: number;
  started: boolean;
}

export const DEFAULT_TRANSCRIPT_LIMITS: TranscriptLimits = {
  maxActivities: 500,
  maxConversationBytes: 512 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxConversations: 20_000,
  idleMs: 24 * 60 * 60 * 1000,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The limits under a retention of `retentionDays` (RETENTION_DAYS): nothing is kept longer, idle or not. */
export function transcriptLimits(retentionDays: number, limits: TranscriptLimits = DEFAULT_TRANSCRIPT_LIMITS): TranscriptLimits {
  const retentionMs = retentionDays * DAY_MS;
  return { ...limits, idleMs: Math.min(limits.idleMs, retentionMs), maxAgeMs: Math.min(limits.maxAgeMs ?? retentionMs, retentionMs) };
}

/** When an activity was appended (every stored one has its timestamp). */
const timeOf = (a: Partial<Activity>): number => (a.timestamp === undefined ? 0 : new Date(a.timestamp).getTime());

export class ConversationStore {
  /** In order of last activity, least recent first (a Map keeps insertion order). */
  private readonly conversations = new Map<string, StoredConversation>();
  private total = 0;

  constructor(
    readonly limits: TranscriptLimits = DEFAULT_TRANSCRIPT_LIMITS,
    private readonly now: () => number = Date.now,
    /** Told of each conversation forgotten (bounds, expiry), so that a copy kept elsewhere goes too. */
    private readonly onForget: (id: string) => void = () => undefined,
  ) {}

  get(id: string): StoredConversation | undefined {
    return this.conversations.get(id);
  }

  /** Bytes of all transcripts kept. */
  get totalBytes(): number {
    return this.total;
  }

  get size(): number {
    return this.conversations.size;
  }

  open(id: string, userId: string): StoredConversation {
    let c = this.conversations.get(id);
    if (!c) {
      c = { id, userId, activities: [], sizes: [], bytes: 0, dropped: 0, lastActive: this.now(), started: false, listeners: new Set(), enders: new Set() };
      this.conversations.set(id, c);
      this.evictOver(c);
    }
    return c;
  }

  /**
   * Takes back a conversation saved before a restart, within today's bounds (its oldest activities
   * go first). Restore in order of last activity, least recent first, as they were kept.
   */
  restore(saved: SavedConversation): StoredConversation {
    const kept = this.conversations.get(saved.id);
    if (kept) return kept;
    const sizes = saved.activities.map((a) => Buffer.byteLength(JSON.stringify(a)));
    const bytes = sizes.reduce((n, size) => n + size, 0);
    const c: StoredConversation = { ...saved, activities: [...saved.activities], sizes, bytes, listeners: new Set(), enders: new Set() };
    this.conversations.set(c.id, c);
    this.total += bytes;
    while (c.activities.length > this.limits.maxActivities || (c.bytes > this.limits.maxConversationBytes && c.activities.length > 1)) this.dropOldest(c);
    this.evictOver(c);
    return c;
  }

  /** What restore() takes back. */
  saved(c: StoredConversation): SavedConversation {
    return { id: c.id, userId: c.userId, activities: c.activities, dropped: c.dropped, lastActive: c.lastActive, started: c.started };
  }

  /** Appends with ids `<conversation>|0000001`, and tells the stream listeners. */
  append(c: StoredConversation, activities: Array<Partial<Activity>>): Array<Partial<Activity>> {
    const added = activities.map((a) => {
      const stored = { ...a, id: `${c.id}|${String(this.watermark(c) + 1).padStart(7, '0')}`, timestamp: a.timestamp ?? new Date() };
      const size = Buffer.byteLength(JSON.stringify(stored));
      c.activities.push(stored);
      c.sizes.push(size);
      c.bytes += size;
      this.total += size;
      return stored;
    });
    while (c.activities.length > this.limits.maxActivities || (c.bytes > this.limits.maxConversationBytes && c.activities.length > 1)) this.dropOldest(c);
    this.touch(c);
    this.evictOver(c);
    for (const listener of c.listeners) listener(added, this.watermark(c));
    return added;
  }

  /** The number of activities the conversation has had. */
  watermark(c: StoredConversation): number {
    return c.dropped + c.activities.length;
  }

  since(c: StoredConversation, watermark: number): Array<Partial<Activity>> {
    return c.activities.slice(Math.max(0, watermark - c.dropped));
  }

  /** Forgets idle conversations, and activities older than the retention (maxAgeMs) of the others. */
  sweep(): void {
    const cutoff = this.now() - this.limits.idleMs;
    for (const c of this.conversations.values()) {
      if (c.lastActive >= cutoff) break; // the rest are more recent
      if (c.listeners.size === 0) this.remove(c);
    }
    if (this.limits.maxAgeMs === undefined) return;
    const oldest = this.now() - this.limits.maxAgeMs;
    for (const c of this.conversations.values()) {
      // In the order appended: the old ones are at the front.
      while (c.activities.length > 0 && timeOf(c.activities[0]) < oldest) this.dropOldest(c);
    }
  }

  /** Forgets the conversations whose id matches (an erasure of what a citizen said); their streams end. */
  forget(matches: (id: string) => boolean): number {
    let forgotten = 0;
    for (const c of [...this.conversations.values()]) {
      if (!matches(c.id)) continue;
      this.remove(c);
      forgotten += 1;
    }
    return forgotten;
  }

  private dropOldest(c: StoredConversation): void {
    c.activities.shift();
    const size = c.sizes.shift() ?? 0;
    c.bytes -= size;
    this.total -= size;
    c.dropped += 1;
  }

  private touch(c: StoredConversation): void {
    c.lastActive = this.now();
    this.conversations.delete(c.id);
    this.conversations.set(c.id, c);
  }

  /** Forgets the least recently active conversations (never `keep`) while over the limits. */
  private evictOver(keep: StoredConversation): void {
    for (const c of this.conversations.values()) {
      if (this.total <= this.limits.maxTotalBytes && this.conversations.size <= this.limits.maxConversations) return;
      if (c !== keep) this.remove(c);
    }
  }

  private remove(c: StoredConversation): void {
    this.conversations.delete(c.id);
    this.total -= c.bytes;
    for (const end of [...c.enders]) end();
    this.onForget(c.id);
  }
}
