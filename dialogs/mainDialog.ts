// The conversation's root: every message is understood by the Assistant (plain TypeScript).
// Questions about services are answered here, with a card or a short message; complaints and the
// like start the feedback dialog; "статус ПТ-…" starts the status check. Follow-ups ("а колко
// струва?") use the entry of the last answer, kept in conversation state with the language.
import type { TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { messageView } from '../src/answer/reply.js';
import type { ConversationContext, Understanding } from '../src/answer/understand.js';
import { activityOf } from '../src/bot/activityRenderer.js';
import { detectKind } from '../src/feedback/detectKind.js';
import { findReference } from '../src/feedback/reference.js';
import type { ActionValue, AnswerView } from '../src/render/answerView.js';
import { entryView } from '../src/render/answerView.js';
import type { Lang } from '../src/search/analyze.js';
import type { LogReason } from '../src/storage/questionLog.js';
import type { DialogServices } from './dialogServices.js';
import { FEEDBACK_DIALOG, FeedbackDialog, type FeedbackDraft } from './feedbackDialog.js';
import { STATUS_DIALOG, StatusDialog } from './statusDialog.js';

export const MAIN_DIALOG = 'mainDialog';
const ROUTE_STEPS = 'routeSteps';

/** The longest message the bot reads; longer ones get a polite request to shorten. */
export const MAX_MESSAGE_LENGTH = 1000;

/** A first message this long is taken as the feedback's description (the summary lets the citizen correct it). */
const DESCRIPTION_FROM_FIRST_MESSAGE = 40;

const LOCALE: Record<Lang, string> = { bg: 'bg-BG', en: 'en-US' };

function isActionValue(value: unknown): value is ActionValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.action) {
    case 'entry':
      return typeof v.id === 'string';
    case 'ask':
      return typeof v.text === 'string';
    case 'language':
      return v.lang === 'bg' || v.lang === 'en';
    case 'rate':
      return typeof v.id === 'string' && typeof v.useful === 'boolean';
    case 'feedback':
    case 'status':
      return true;
    default:
      return false;
  }
}

const REASON_OF: Partial<Record<Understanding['decision']['type'], LogReason>> = { abstain: 'abstain', clarify: 'clarify' };

/** What a turn leads to: a reply, or another dialog to start. */
type Route = { reply: AnswerView } | { start: typeof FEEDBACK_DIALOG; options: FeedbackDraft } | { start: typeof STATUS_DIALOG; options: { reference?: string } };

export class MainDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(MAIN_DIALOG);
    this.addDialog(new FeedbackDialog(services))
      .addDialog(new StatusDialog(services))
      .addDialog(new WaterfallDialog(ROUTE_STEPS, [this.routeStep.bind(this), this.doneStep.bind(this)]));
    this.initialDialogId = ROUTE_STEPS;
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = step.context;
    const state = await this.services.conversation.get(turn, {});
    const route = await this.route(turn, state);
    if (!('start' in route) && route.reply.entryId) state.lastEntryId = route.reply.entryId;
    state.lastActions = 'start' in route ? undefined : route.reply.actions.map((a) => a.value);
    await this.services.conversation.set(turn, state);
    if ('start' in route) return step.beginDialog(route.start, route.options);
    await turn.sendActivity(activityOf(route.reply, LOCALE[state.lang ?? 'bg']));
    return step.endDialog();
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }

  private async route(turn: TurnContext, state: ConversationContext): Promise<Route> {
    const { assistant } = this.services;
    const ctx = () => assistant.renderContext(state.lang ?? 'bg');
    const value: unknown = turn.activity.value ?? this.numberedChoice(turn.activity.text, state);
    if (isActionValue(value)) {
      switch (value.action) {
        case 'language':
          state.lang = value.lang;
          return { reply: messageView(ctx().t('bot.languageSwitched')) };
        case 'feedback':
          return { start: FEEDBACK_DIALOG, options: {} };
        case 'status':
          return { start: STATUS_DIALOG, options: {} };
        case 'rate':
          await this.services.ratings.add({
            entryId: value.id,
            useful: value.useful,
            lang: state.lang ?? 'bg',
            channel: turn.activity.channelId ?? 'unknown',
            conversationId: turn.activity.conversation?.id ?? 'unknown',
          });
          return { reply: messageView(ctx().t('rating.thanks')) };
        case 'entry': {
          const entry = assistant.kb.byId.get(value.id);
          if (entry) return { reply: entryView(entry, [], ctx()) };
          if (value.id === 'feedback') return { start: FEEDBACK_DIALOG, options: {} };
          break;
        }
        case 'ask':
          return this.answer(turn, value.text, state);
      }
    }

    const text = (turn.activity.text ?? '').trim();
    if (!text) return { reply: messageView(ctx().t('bot.unsupported')) };
    if (text.length > MAX_MESSAGE_LENGTH) return { reply: messageView(ctx().t('bot.tooLong', { max: MAX_MESSAGE_LENGTH })) };
    const switchTo = this.languageCommand(text);
    if (switchTo) {
      state.lang = switchTo;
      return { reply: messageView(ctx().t('bot.languageSwitched')) };
    }
    const statusRequest = this.statusRequest(text);
    if (statusRequest) return { start: STATUS_DIALOG, options: statusRequest };
    return this.answer(turn, text, state);
  }

  private async answer(turn: TurnContext, text: string, state: ConversationContext): Promise<Route> {
    const { assistant } = this.services;
    const understanding = assistant.understand(text, state);
    state.lang = understanding.lang;
    const decision = understanding.decision;
    await this.services.usage.add({
      decision: decision.type,
      ...((decision.type === 'answer' || decision.type === 'hours') && decision.entryId ? { entryId: decision.entryId } : {}),
      lang: understanding.lang,
      channel: turn.activity.channelId ?? 'unknown',
    });
    if (understanding.decision.type === 'feedback') {
      const kind = detectKind(text, assistant.kindLexicon);
      return { start: FEEDBACK_DIALOG, options: { ...(kind ? { kind } : {}), ...(text.length >= DESCRIPTION_FROM_FIRST_MESSAGE ? { description: text } : {}) } };
    }
    const reason = REASON_OF[understanding.decision.type];
    if (reason) {
      await this.services.questions.append({
        text,
        lang: understanding.lang,
        channel: turn.activity.channelId ?? 'unknown',
        conversationId: turn.activity.conversation?.id ?? 'unknown',
        reason,
        candidates: understanding.search.candidates.slice(0, 3).map((c) => ({ id: c.id, score: Math.round(c.score * 100) / 100, coverage: Math.round(c.coverage * 100) / 100 })),
      });
    }
    return { reply: assistant.reply(understanding) };
  }

  /** "2" typed after a reply with buttons picks the second button (text-only channels list them numbered). */
  private numberedChoice(text: string | undefined, state: ConversationContext): ActionValue | undefined {
    const n = /^\s*(\d{1,2})\s*\.?\s*$/.exec(text ?? '')?.[1];
    return n ? state.lastActions?.[Number(n) - 1] : undefined;
  }

  /** "статус ПТ-2026-000123", "status", or a bare reference number. */
  private statusRequest(text: string): { reference?: string } | undefined {
    const prefix = this.services.assistant.kb.feedback.reference_prefix;
    const reference = findReference(text, prefix);
    const lower = text.toLocaleLowerCase('bg');
    const words = ['bg', 'en'].flatMap((l) => this.services.assistant.i18n.getFixedT(l)('commands.status', { returnObjects: true }) as unknown as string[]);
    const asked = words.some((w) => lower === w || lower.startsWith(`${w} `));
    if (asked) return reference ? { reference } : {};
    return reference && text.replace(/[\s.!?]/g, '').length <= reference.length + 2 ? { reference } : undefined;
  }

  /** "English", "Български", "en", "bg": the labels of the language buttons, typed or tapped. */
  private languageCommand(text: string): Lang | undefined {
    const typed = text.toLocaleLowerCase('bg').replace(/[.!]+$/, '');
    for (const lang of ['bg', 'en'] as const) {
      const label = this.services.assistant.i18n.getFixedT(lang === 'bg' ? 'en' : 'bg')('bot.switchLanguage').toLocaleLowerCase('bg');
      if (typed === label || typed === lang) return lang;
    }
    return undefined;
  }
}
