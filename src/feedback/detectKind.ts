// Which kind of feedback a message is, from the words staff list in intents/feedback.yaml.
import type { IntentEntry } from '../knowledge/schema.js';
import { stemKey, type TextPipeline } from '../search/analyze.js';
import type { Message } from '../search/message.js';
import { tokenize } from '../search/canonical.js';
import type { FeedbackKind } from './types.js';

export interface KindLexicon {
  pipeline: TextPipeline;
  kinds: Array<{ kind: FeedbackKind; phrases: string[][] }>;
  /** Polite closings, as search keys, that are taken out before the kinds are looked for. */
  courtesy: string[][];
}

/**
 * Phrases are compared word for word, stop words included: "не свети" is a signal, "свети" alone is
 * not ("Свети Никола", "в света").
 */
export function compileKindLexicon(intent: IntentEntry | undefined, pipeline: TextPipeline): KindLexicon {
  const keys = (list: { bg: string[]; en: string[] } | undefined) =>
    (['bg', 'en'] as const).flatMap((lang) => (list?.[lang] ?? []).map((p) => tokenize(p).map((w) => stemKey(w, lang)))).filter((k) => k.length > 0);
  const kinds = Object.entries(intent?.kinds ?? {}).map(([kind, phrases]) => ({ kind: kind as FeedbackKind, phrases: keys(phrases) }));
  return { pipeline, kinds, courtesy: keys(intent?.courtesy) };
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
export function kindsIn(message: Message, lexicon: KindLexicon): FeedbackKind[] {
  // The two languages' keys one after the other, with a gap between so that no phrase runs across.
  const keys = withoutCourtesy([...message.form.bg, '', ...message.form.en], lexicon.courtesy);
  return lexicon.kinds.filter((k) => k.phrases.some((p) => containsPhrase(keys, p))).map((k) => k.kind);
}

/** The single kind a text names, or undefined when it names none or several. */
export function detectKind(text: string, lexicon: KindLexicon): FeedbackKind | undefined {
  const found = kindsIn(lexicon.pipeline.read(text), lexicon);
  return found.length === 1 ? found[0] : undefined;
}
