// The bot's brain as plain TypeScript: load the knowledge, understand a message,
// produce a channel-neutral reply. Any host (Bot Framework, the CLI, a future
// SDK) calls this; nothing here knows about channels.
import { createI18n, translator, type I18n } from '../i18n.js';
import { loadKnowledge } from '../knowledge/load.js';
import { formatProblem, type KnowledgeBase, type KnowledgeProblem } from '../knowledge/types.js';
import type { RenderContext, AnswerView } from '../render/answerView.js';
import type { Lang } from '../search/analyze.js';
import { KnowledgeIndex } from '../search/knowledgeIndex.js';
import { replyView } from './reply.js';
import { compileKindLexicon, mentionsFeedback, type KindLexicon } from '../feedback/detectKind.js';
import { understand, type ConversationContext, type Understanding } from './understand.js';

export class KnowledgeError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(`the knowledge base has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
  }
}

export interface AssistantPaths {
  knowledgeDir: string;
  localesDir: string;
}

export class Assistant {
  /** Words that mark complaints, signals, proposals and praise (intents/feedback.yaml). */
  readonly kindLexicon: KindLexicon;

  constructor(
    readonly kb: KnowledgeBase,
    readonly index: KnowledgeIndex,
    readonly i18n: I18n,
  ) {
    this.kindLexicon = compileKindLexicon(kb.intents.find((i) => i.id === 'feedback'));
  }

  /** Loads and checks the knowledge base; throws KnowledgeError listing every problem. */
  static async load(paths: AssistantPaths): Promise<Assistant> {
    const result = await loadKnowledge(paths.knowledgeDir);
    if (!result.ok) throw new KnowledgeError(result.problems);
    return new Assistant(result.kb, KnowledgeIndex.build(result.kb), createI18n(paths.localesDir));
  }

  renderContext(lang: Lang): RenderContext {
    return { lang, t: translator(this.i18n, lang), kb: this.kb };
  }

  understand(question: string, context: ConversationContext = {}): Understanding {
    return understand(this.index, question, context, { feedbackCue: (q) => mentionsFeedback(q, this.kindLexicon) });
  }

  reply(understanding: Understanding): AnswerView {
    return replyView(understanding.decision, this.renderContext(understanding.lang));
  }

  /** Title of an entry (or the feedback intent) in a language. */
  titleOf(id: string, lang: Lang): string {
    return id === 'feedback' ? translator(this.i18n, lang)('feedback.title') : this.kb.byId.get(id)?.title[lang] ?? id;
  }
}
