// What every renderer needs to turn an answer into words: the language and its translations, the
// knowledge base, the fact finder and the moment of the reply.
import type { Translate } from '../common/i18n.js';
import type { Lang } from '../common/lang.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { FactFinder } from './factsInNotes.js';
import type { DetailFinder } from './askedDetails.js';

export interface RenderContext {
  lang: Lang;
  t: Translate;
  kb: KnowledgeBase;
  /** Finds the notes that state a fee or a deadline (built once per knowledge base). */
  facts: FactFinder;
  /** Finds the lines of an entry that a question asks about beyond naming it (built once per knowledge base). */
  details: DetailFinder;
  /** The moment of the reply: ready dates and "open now?" are for this time. */
  now: Date;
}
