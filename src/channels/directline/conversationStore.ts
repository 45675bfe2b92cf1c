// Direct Line conversations in memory: each conversation's activities in order (the watermark is
// the count already seen) and the listeners of its WebSocket streams. The bot's own state lives in
// lowdb; this is only the transcript the web chat reads, kept for a day of inactivity.
import type { Activity } from 'botbuilder';

export interface StoredConversation {
  id: string;
  userId: string;
  /** The most recent activities; older ones are dropped past a limit. */
  activities: Array<Partial<Activity>>;
  /** How many activities were dropped from the front: watermarks count from the first ever. */
  dropped: number;
  lastActive: number;
  started: boolean;
  listeners: Set<(activities: Array<Partial<Activity>>, watermark: number) => void>;
}

const MAX_ACTIVITIES = 2000;
const IDLE_MS = 24 * 60 * 60 * 1000;

export class ConversationStore {
  private readonly conversations = new Map<string, StoredConversation>();

  constructor(private readonly now: () => number = Date.now) {}

  get(id: string): StoredConversation | undefined {
    return this.conversations.get(id);
  }

  open(id: string, userId: string): StoredConversation {
    let c = this.conversations.get(id);
    if (!c) {
      c = { id, userId, activities: [], dropped: 0, lastActive: this.now(), started: false, listeners: new Set() };
      this.conversations.set(id, c);
    }
    return c;
  }

  /** Appends with ids `<conversation>|0000001`, and tells the stream listeners. */
  append(c: StoredConversation, activities: Array<Partial<Activity>>): Array<Partial<Activity>> {
    const added = activities.map((a) => {
      const stored = { ...a, id: `${c.id}|${String(this.watermark(c) + 1).padStart(7, '0')}`, timestamp: a.timestamp ?? new Date() };
      c.activities.push(stored);
      return stored;
    });
    const excess = c.activities.length - MAX_ACTIVITIES;
    if (excess > 0) {
      c.activities.splice(0, excess);
      c.dropped += excess;
    }
    c.lastActive = this.now();
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

  sweep(): void {
    const cutoff = this.now() - IDLE_MS;
    for (const [id, c] of this.conversations) if (c.lastActive < cutoff && c.listeners.size === 0) this.conversations.delete(id);
  }
}
