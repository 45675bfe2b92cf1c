// understand() and the index search under it are pure (the knowledge index, the message and the
// conversation context decide them), and they are the largest part of a turn's work. Citizens send
// the same texts again and again (the suggested buttons, "а колко струва?", the common questions),
// and a turn may understand one message twice (the main dialog, an interruption), so the dialogs get
// an assistant that remembers recent understandings and searches. A search depends on the message
// alone (and the conversation's language), so it is remembered across conversations too. All is
// forgotten when the knowledge is reloaded (a new index).
import { LRUCache } from 'lru-cache';
import type { Assistant } from '../answer/assistant.js';
import type { ConversationContext, Understanding } from '../answer/understand.js';
import type { KnowledgeIndex, SearchOptions, SearchResult } from '../search/knowledgeIndex.js';

/** Understandings and searches remembered at most, each. */
const REMEMBERED = 5000;

/** The index with its search() remembering; everything else is the index's own. */
function rememberingIndex(index: KnowledgeIndex, size: number): KnowledgeIndex {
  const memo = new LRUCache<string, SearchResult>({ max: size });
  const remembering = Object.create(index) as KnowledgeIndex;
  remembering.search = (question: string, options: SearchOptions = {}): SearchResult => {
    const key = `${question}\u0000${JSON.stringify(options)}`;
    let result = memo.get(key);
    if (!result) {
      result = index.search(question, options);
      memo.set(key, result);
    }
    return structuredClone(result); // callers may change what they get
  };
  return remembering;
}

/** The assistant with its understand() and its index's search() remembering; everything else is the assistant's own. */
export function withRememberedUnderstanding(assistant: Assistant, size = REMEMBERED): Assistant {
  const memo = new LRUCache<string, Understanding>({ max: size });
  let index = assistant.index;
  let remembered = rememberingIndex(index, size);
  const current = () => {
    if (assistant.index !== index) {
      memo.clear();
      index = assistant.index;
      remembered = rememberingIndex(index, size);
    }
  };
  const remembering = Object.create(assistant) as Assistant;
  Object.defineProperty(remembering, 'index', {
    get: () => {
      current();
      return remembered;
    },
  });
  remembering.understand = (question: string, context: ConversationContext = {}): Understanding => {
    current();
    // Only these parts of the context change an understanding; the rest (an offer's text) stays out of the key.
    const key = [question, context.lang ?? '', context.lastEntryId ?? '', (context.clarified ?? []).join(',')].join('\u0000');
    let understanding = memo.get(key);
    if (!understanding) {
      understanding = Object.getPrototypeOf(remembering).understand.call(remembering, question, context) as Understanding;
      memo.set(key, understanding);
    }
    return structuredClone(understanding); // callers may change what they get
  };
  return remembering;
}
