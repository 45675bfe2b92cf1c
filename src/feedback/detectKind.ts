// Which kind of feedback a message is, from the words staff list in intents/feedback.yaml.
import type { IntentEntry } from '../knowledge/schema.js';
import type { TextPipeline } from '../search/analyze.js';
import type { FeedbackKind } from './types.js';

export interface KindLexicon {
  pipeline: TextPipeline;
  kinds: Array<{ kind: FeedbackKind; phrases: string[][] }>;
}

export function compileKindLexicon(intent: IntentEntry | undefined, pipeline: TextPipeline): KindLexicon {
  const kinds = Object.entries(intent?.kinds ?? {}).map(([kind, phrases]) => ({
    kind: kind as FeedbackKind,
    phrases: [...phrases.bg.map((p) => pipeline.analyzeText(p, 'bg')), ...phrases.en.map((p) => pipeline.analyzeText(p, 'en'))].filter((k) => k.length > 0),
  }));
  return { pipeline, kinds };
}

const containsPhrase = (keys: string[], phrase: string[]) =>
  keys.some((_, i) => phrase.every((k, j) => keys[i + j] === k));

function kindsIn(text: string, lexicon: KindLexicon): FeedbackKind[] {
  const keys = [...lexicon.pipeline.analyzeText(text, 'bg'), ...lexicon.pipeline.analyzeText(text, 'en')];
  return lexicon.kinds.filter((k) => k.phrases.some((p) => containsPhrase(keys, p))).map((k) => k.kind);
}

/** The single kind the message names, or undefined when it names none or several. */
export function detectKind(text: string, lexicon: KindLexicon): FeedbackKind | undefined {
  const found = kindsIn(text, lexicon);
  return found.length === 1 ? found[0] : undefined;
}

/** Whether the message uses any word of a complaint, signal, proposal or praise. */
export function mentionsFeedback(text: string, lexicon: KindLexicon): boolean {
  return kindsIn(text, lexicon).length > 0;
}
