// Who an activity is from and which conversation it belongs to, taken only from plain strings.
// The turn lock and the conversation-state key are built from these ids. An array or an object
// that merely stringifies to an id (`"channelId": ["viber"]` → "viber") once passed the check that
// keeps the project's own channels out of /api/messages, and then reached a Viber citizen's
// dialog; `{"toString": 1}` threw deep inside the turn. Every way an activity comes in checks it
// here, before any state is read. Pure.

/** Longer than any channel's ids (Teams conversation ids run to about 200 characters). */
export const MAX_ID_LENGTH = 512;

/** C0 and C1 controls: no channel puts them in an id, and a NUL cannot be stored in PostgreSQL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** A non-empty primitive string of bounded length without control characters. */
export function isPlainId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH && !CONTROL.test(value);
}

export interface ActivityIdentity {
  channelId: string;
  conversationId: string;
  userId: string;
}

/** The activity's channel, conversation and sender ids when all three are plain strings; undefined otherwise. */
export function activityIdentity(activity: unknown): ActivityIdentity | undefined {
  if (typeof activity !== 'object' || activity === null) return undefined;
  const { channelId, conversation, from } = activity as { channelId?: unknown; conversation?: { id?: unknown } | null; from?: { id?: unknown } | null };
  const conversationId = typeof conversation === 'object' && conversation !== null ? conversation.id : undefined;
  const userId = typeof from === 'object' && from !== null ? from.id : undefined;
  if (!isPlainId(channelId) || !isPlainId(conversationId) || !isPlainId(userId)) return undefined;
  return { channelId, conversationId, userId };
}

/** Thrown by a turn whose activity has no plain identity; the HTTP routes refuse such input before it gets that far. */
export class InvalidIdentityError extends Error {
  constructor() {
    super('the activity has no plain string channelId, conversation.id and from.id');
    this.name = 'InvalidIdentityError';
  }
}
