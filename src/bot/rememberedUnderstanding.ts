// understand() is pure (the knowledge index, the message and the conversation context decide it),
// and it is the largest part of a turn's work. Citizens send the same texts again and again (the
// suggested buttons, "а колко струва?", the common questions), and a turn may understand one message
// twice (the main dialog, an interruption), so the dialogs get an assistant that remembers recent
// understandings. What is remembered is forgotten when the knowledge is reloaded (a new index).
import { LRUCache } from 'lru-cache';
import type { Assistant } from '../answer/assistant.js';
import type { ConversationContext, Understanding } from '../answer/understand.js';

/** Understandings remembered at most. */
const REMEMBERED = 5000;

/** The assistant with its understand() remembering; everything else is the assistant's own. */
export function withRememberedUnderstanding(assistant: Assistant, size = REMEMBERED): Assistant {
  const memo = new LRUCache<string, Understanding>({ max: size });
  let index = assistant.index;
  const remembering = Object.create(assistant) as Assistant;
  remembering.understand = (question: string, context: ConversationContext = {}): Understanding => {
    if (assistant.index !== index) {
      memo.clear();
      index = assistant.index;
    }
    const key = `${question}\u0000${JSON.stringify(context)}`;
    let understanding = memo.get(key);
    if (!understanding) {
      understanding = assistant.understand(question, context);
      memo.set(key, understanding);
    }
    return structuredClone(understanding); // callers may change what they get
  };
  return remembering;
}
