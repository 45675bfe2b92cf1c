// The one way a conversation is named in logs and stores: a salted hash of its channel and id,
// never the channel's own ids. Every layer uses it, so it depends on nothing of the project.
import { createHash } from 'node:crypto';

export function hashConversation(salt: string, channel: string, conversationId: string): string {
  return createHash('sha256').update(`${salt}\u0000${channel}\u0000${conversationId}`).digest('hex').slice(0, 16);
}
