// The conversation for questions about services: every message is understood by
// the Assistant (plain TypeScript) and answered with a card or a short message.
// Follow-ups ("а колко струва?") use the entry of the last answer, kept in
// conversation state together with the conversation's language.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Assistant } from '../src/answer/assistant.js';
import { messageView, replyView } from '../src/answer/reply.js';
import type { ConversationContext, Understanding } from '../src/answer/understand.js';
import { activityOf } from '../src/bot/activityRenderer.js';
import type { ActionValue, AnswerView } from '../src/render/answerView.js';
import { entryView } from '../src/render/answerView.js';
import type { Lang } from '../src/search/analyze.js';
import type { LogReason, NewLoggedQuestion } from '../src/storage/questionLog.js';

export const MAIN_DIALOG = 'mainDialog';
const ANSWER_STEPS = 'answerSteps';

/** The longest message the bot reads; longer ones get a polite request to shorten. */
export const MAX_MESSAGE_LENGTH = 1000;

export interface QuestionSink {
  append(q: NewLoggedQuestion): Promise<unknown>;
}

const LOCALE: Record<Lang, string> = { bg: 'bg-BG', en: 'en-US' };

function isActionValue(value: unknown): value is ActionValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.action === 'entry' && typeof v.id === 'string') || (v.action === 'ask' && typeof v.text === 'string') || (v.action === 'language' && (v.lang === 'bg' || v.lang === 'en'));
}

const REASON_OF: Partial<Record<Understanding['decision']['type'], LogReason>> = { abstain: 'abstain', clarify: 'clarify', feedback: 'feedback' };

export class MainDialog extends ComponentDialog {
  constructor(
    private readonly assistant: Assistant,
    private readonly conversation: StatePropertyAccessor<ConversationContext>,
    private readonly questions: QuestionSink,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(new WaterfallDialog(ANSWER_STEPS, [this.answerStep.bind(this)]));
    this.initialDialogId = ANSWER_STEPS;
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = step.context;
    const state = await this.conversation.get(turn, {});
    const view = await this.respond(turn, state);
    await turn.sendActivity(activityOf(view, LOCALE[state.lang ?? 'bg']));
    if (view.entryId) state.lastEntryId = view.entryId;
    await this.conversation.set(turn, state);
    return step.endDialog();
  }

  /** Works out the reply and updates the conversation's language. */
  private async respond(turn: TurnContext, state: ConversationContext): Promise<AnswerView> {
    const lang = (): Lang => state.lang ?? 'bg';
    const ctx = () => this.assistant.renderContext(lang());
    const value: unknown = turn.activity.value;
    if (isActionValue(value)) {
      if (value.action === 'language') {
        state.lang = value.lang;
        return messageView(ctx().t('bot.languageSwitched'));
      }
      if (value.action === 'entry') {
        const entry = this.assistant.kb.byId.get(value.id);
        if (entry) return entryView(entry, [], ctx());
        if (value.id === 'feedback') return replyView({ type: 'feedback' }, ctx());
      }
      if (value.action === 'ask') return this.answer(turn, value.text, state);
    }

    const text = (turn.activity.text ?? '').trim();
    if (!text) return messageView(ctx().t('bot.unsupported'));
    if (text.length > MAX_MESSAGE_LENGTH) return messageView(ctx().t('bot.tooLong', { max: MAX_MESSAGE_LENGTH }));
    const switchTo = this.languageCommand(text);
    if (switchTo) {
      state.lang = switchTo;
      return messageView(ctx().t('bot.languageSwitched'));
    }
    return this.answer(turn, text, state);
  }

  private async answer(turn: TurnContext, text: string, state: ConversationContext): Promise<AnswerView> {
    const understanding = this.assistant.understand(text, state);
    state.lang = understanding.lang;
    const reason = REASON_OF[understanding.decision.type];
    if (reason) {
      await this.questions.append({
        text,
        lang: understanding.lang,
        channel: turn.activity.channelId ?? 'unknown',
        conversationId: turn.activity.conversation?.id ?? 'unknown',
        reason,
        candidates: understanding.search.candidates.slice(0, 3).map((c) => ({ id: c.id, score: Math.round(c.score * 100) / 100, coverage: Math.round(c.coverage * 100) / 100 })),
      });
    }
    return this.assistant.reply(understanding);
  }

  /** "English", "Български", "en", "bg": the labels of the language buttons, typed or tapped. */
  private languageCommand(text: string): Lang | undefined {
    const typed = text.toLocaleLowerCase('bg').replace(/[.!]+$/, '');
    for (const lang of ['bg', 'en'] as const) {
      const label = this.assistant.i18n.getFixedT(lang === 'bg' ? 'en' : 'bg')('bot.switchLanguage').toLocaleLowerCase('bg');
      if (typed === label || typed === lang) return lang;
    }
    return undefined;
  }
}
