// The bot's brain as plain TypeScript: load the knowledge, understand a message,
// produce a channel-neutral reply. Any host (Bot Framework, the CLI, a future
// SDK) calls this; nothing here knows about channels.
import { detectLanguage } from '../search/language.js';
import { createI18n, translator, type I18n } from '../common/i18n.js';
import { loadKnowledge } from '../knowledge/load.js';
import { formatProblem, type KnowledgeBase, type KnowledgeProblem } from '../knowledge/types.js';
import type { RenderContext, AnswerView } from '../render/answerView.js';
import type { Lang } from '../common/lang.js';
import { KnowledgeIndex } from '../search/knowledgeIndex.js';
import { entryTitle, replyView } from './reply.js';
import { compileKindLexicon, kindsIn, type KindLexicon } from '../feedback/detectKind.js';
import { PracticalReader } from './practical.js';
import { ReportReader } from './reports.js';
import { DetailFinder } from '../render/askedDetails.js';
import { FactFinder } from '../render/factsInNotes.js';
import { decide, readMessage, type ConversationContext, type Decisions, type MessageReading, type Understanding } from './understand.js';

export class KnowledgeError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(`the knowledge base has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
  }
}

export interface AssistantPaths {
  knowledgeDir: string;
  localesDir: string;
}

export interface AssistantOptions {
  /** The clock for "open now?" and ready dates; tests pass a fixed one. Default: the system clock. */
  now?: () => Date;
}

interface Knowledge {
  kb: KnowledgeBase;
  index: KnowledgeIndex;
  practical: PracticalReader;
  reports: ReportReader;
  facts: FactFinder;
  details: DetailFinder;
  /** Words that mark complaints, signals, proposals and praise (intents/feedback.yaml). */
  kindLexicon: KindLexicon;
}

function prepare(kb: KnowledgeBase): Knowledge {
  const index = KnowledgeIndex.build(kb);
  const kindLexicon = compileKindLexicon(kb.intents.find((i) => i.id === 'feedback'), index.pipeline);
  return {
    kb,
    index,
    practical: new PracticalReader(kb.lexicon.practical, index.pipeline),
    reports: new ReportReader(kb.lexicon.reports, kb.signals, (message) => kindsIn(message, kindLexicon), index.pipeline),
    facts: new FactFinder(kb.lexicon),
    details: new DetailFinder(kb, (text, lang) => index.pipeline.analyzeText(text, lang)),
    kindLexicon,
  };
}

async function loadChecked(knowledgeDir: string): Promise<KnowledgeBase> {
  const result = await loadKnowledge(knowledgeDir);
  if (!result.ok) throw new KnowledgeError(result.problems);
  return result.kb;
}

export class Assistant {
  private knowledge: Knowledge;

  /** The time now; every answer that depends on the date or the hour reads it here. */
  readonly now: () => Date;

  constructor(
    kb: KnowledgeBase,
    readonly i18n: I18n,
    readonly knowledgeDir?: string,
    options: AssistantOptions = {},
  ) {
    this.knowledge = prepare(kb);
    this.now = options.now ?? (() => new Date());
  }

  /** Loads and checks the knowledge base; throws KnowledgeError listing every problem. */
  static async load(paths: AssistantPaths, options: AssistantOptions = {}): Promise<Assistant> {
    return new Assistant(await loadChecked(paths.knowledgeDir), createI18n(paths.localesDir), paths.knowledgeDir, options);
  }

  get kb(): KnowledgeBase {
    return this.knowledge.kb;
  }

  get index(): KnowledgeIndex {
    return this.knowledge.index;
  }

  get practical(): PracticalReader {
    return this.knowledge.practical;
  }

  get reports(): ReportReader {
    return this.knowledge.reports;
  }

  /** The fitted thresholds the decisions are made with (lexicon/decisions.yaml). */
  get decisions(): Decisions {
    const { thresholds, narrative_cues, statement_words, statement_cues, long_question_words, report_option_cues } = this.kb.lexicon.decisions;
    return {
      thresholds,
      narrativeCues: narrative_cues,
      longQuestionWords: long_question_words,
      statementWords: statement_words,
      statementCues: statement_cues,
      reportOptionCues: report_option_cues,
    };
  }

  get kindLexicon(): KindLexicon {
    return this.knowledge.kindLexicon;
  }

  /** Reads the knowledge folder again and swaps in the new index at once; the old one stays on error. */
  async reload(): Promise<void> {
    if (!this.knowledgeDir) throw new Error('this assistant was not loaded from a folder');
    this.knowledge = prepare(await loadChecked(this.knowledgeDir));
  }

  renderContext(lang: Lang): RenderContext {
    return { lang, t: translator(this.i18n, lang), kb: this.kb, facts: this.knowledge.facts, details: this.knowledge.details, now: this.now() };
  }

  /** What a message says by itself (see MessageReading); the part of understanding worth remembering. */
  read(question: string, fallbackLang?: Lang): MessageReading {
    const { index, practical, reports, kb } = this.knowledge;
    return readMessage({ index, practical, reports, ownNames: [kb.municipality.name.bg, kb.municipality.name.en] }, question, fallbackLang);
  }

  /** The language a text is certainly in (Cyrillic, or words only one language's knowledge has); undefined when it does not tell. */
  languageOf(text: string): Lang | undefined {
    return detectLanguage(this.index.pipeline.read(text), this.index.vocabulary);
  }

  understand(question: string, context: ConversationContext = {}): Understanding {
    return decide(this.read(question, context.lang), context, this.decisions);
  }

  /**
   * Whether a message only opens a complaint or a signal and tells nothing yet ("искам да подам
   * жалба"): typed where the account is asked, it is not the account.
   */
  onlyOpens(text: string, lang?: Lang): boolean {
    const reading = this.read(text, lang);
    return reading.opener === 'pure' && reading.feedbackCue;
  }

  reply(understanding: Understanding): AnswerView {
    return replyView(understanding.decision, this.renderContext(understanding.lang));
  }

  /** Title of an entry (or the feedback intent) in a language. */
  titleOf(id: string, lang: Lang): string {
    return entryTitle(this.renderContext(lang), id);
  }
}
