// What a message says by itself (the search and what each reader found, Assistant.read) depends only
// on its text and the conversation's language, and it is the largest part of a turn's work. Citizens
// send the same texts again and again (the suggested buttons, "а колко струва?", the common
// questions), and a turn may read one message twice (the main dialog, an interruption), so the
// dialogs get an assistant that remembers recent readings. The decision that follows, which depends
// on the conversation, is cheap and made every time. All is forgotten when the knowledge is reloaded.
import { LRUCache } from 'lru-cache';
import type { Assistant } from '../answer/assistant.js';
import type { MessageReading } from '../answer/understand.js';
import type { Lang } from '../common/lang.js';

/** Readings remembered at most. */
const REMEMBERED = 5000;

/** The assistant with its read() remembering; everything else is the assistant's own. */
export function withRememberedUnderstanding(assistant: Assistant, size = REMEMBERED): Assistant {
  const memo = new LRUCache<string, MessageReading>({ max: size });
  let index = assistant.index;
  const remembering = Object.create(assistant) as Assistant;
  remembering.read = (question: string, fallbackLang?: Lang): MessageReading => {
    if (assistant.index !== index) {
      memo.clear();
      index = assistant.index;
    }
    const key = `${fallbackLang ?? ''}\u0000${question}`;
    let reading = memo.get(key);
    if (!reading) {
      reading = assistant.read(question, fallbackLang);
      memo.set(key, reading);
    }
    return reading;
  };
  return remembering;
}
