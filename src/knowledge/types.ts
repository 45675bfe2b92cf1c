import type { Lexicon } from './lexiconSchema.js';
import type { CalendarSettings, FeedbackSettings, IntentEntry, Municipality, RedirectEntry, ServiceEntry, SignalCategory, Source, TopicEntry } from './schema.js';

export type EntryKind = 'service' | 'topic' | 'redirect';

export type KnowledgeEntry =
  | ({ kind: 'service' } & ServiceEntry)
  | ({ kind: 'topic' } & TopicEntry)
  | ({ kind: 'redirect' } & RedirectEntry);

export interface KnowledgeBase {
  municipality: Municipality;
  entries: KnowledgeEntry[];
  byId: ReadonlyMap<string, KnowledgeEntry>;
  /** Groups of phrases that mean the same thing. */
  synonyms: string[][];
  /** The word lists the bot reads messages with (lexicon/). */
  lexicon: Lexicon;
  intents: IntentEntry[];
  /** Categories of problems citizens report (signals/), with the words that recognise them. */
  signals: SignalCategory[];
  feedback: FeedbackSettings;
  /** Days declared off or working (calendar.yaml); the Labour Code's holidays are computed. */
  calendar?: CalendarSettings;
}

/** A mistake in a knowledge file, worded so that a clerk can find and fix it. */
export interface KnowledgeProblem {
  file: string;
  field: string;
  message: string;
}

export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}: ${p.field || '(file)'}: ${p.message}`;
}

/** The sources an entry's fact block names, resolved. */
export function sourcesOf(entry: { sources: Source[] }, ref: string | string[]): Source[] {
  const ids = Array.isArray(ref) ? ref : [ref];
  return entry.sources.filter((s) => ids.includes(s.id));
}
