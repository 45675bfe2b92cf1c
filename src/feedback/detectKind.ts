// Which kind of feedback a message is, from the words staff list in intents/feedback.yaml.
import type { IntentEntry } from '../knowledge/schema.js';
import type { TextPipeline } from '../search/analyze.js';
import type { FeedbackKind } from './types.js';

export interface KindLexicon {
  pipeline: TextPipeline;
  kinds: Array<{ kind: FeedbackKind; phrases: string[][] }>;
  /** Polite closings, as search keys, that are taken out before the kinds are looked for. */
  courtesy: string[][];
}

export function compileKindLexicon(intent: IntentEntry | undefined, pipeline: TextPipeline): KindLexicon {
  const kinds = Object.entries(intent?.kinds ?? {}).map(([kind, phrases]) => ({
    kind: kind as FeedbackKind,
    phrases: [...phrases.bg.map((p) => pipeline.analyzeText(p, 'bg')), ...phrases.en.map((p) => pipeline.analyzeText(p, 'en'))].filter((k) => k.length > 0),
  }));
  const courtesy = [...(intent?.courtesy?.bg ?? []).map((p) => pipeline.analyzeText(p, 'bg')), ...(intent?.courtesy?.en ?? []).map((p) => pipeline.analyzeText(p, 'en'))].filter((k) => k.length > 0);
  return { pipeline, kinds, courtesy };
}

const containsPhrase = (keys: string[], phrase: string[]) =>
  keys.some((_, i) => phrase.every((k, j) => keys[i + j] === k));

/** The keys with every polite closing blanked out. */
function withoutCourtesy(keys: string[], courtesy: string[][]): string[] {
  const out = [...keys];
  for (const phrase of courtesy) {
    for (let i = 0; i + phrase.length <= out.length; i += 1) {
      if (phrase.every((k, j) => out[i + j] === k)) out.fill('', i, i + phrase.length);
    }
  }
  return out;
}

/** Every kind of feedback a message names. */
export function kindsIn(text: string, lexicon: KindLexicon): FeedbackKind[] {
  const keys = withoutCourtesy([...lexicon.pipeline.analyzeText(text, 'bg'), ...lexicon.pipeline.analyzeText(text, 'en')], lexicon.courtesy);
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
