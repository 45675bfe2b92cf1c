// Base for multi-step dialogs: "откажи"/"cancel" leaves at any step, a reference number typed at
// any prompt asks for its record's status (never the answer to the prompt), and a question about a
// service asked at a choice prompt is answered; either way the progress is kept and the prompt is
// shown again, as the Bot Framework core-bot sample does in its cancel-and-help dialog.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, recognizeChoices, type Choice, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Lang } from '../src/common/lang.js';
import type { AnswerView } from '../src/render/answerView.js';
import { commandReader, type CommandReader } from '../src/answer/commands.js';
import type { StatusRequest } from '../src/feedback/statusRequest.js';
import type { DialogServices } from './dialogServices.js';
import { sendView } from './sendView.js';

/** The status dialog's id (statusDialog.ts), here so that any dialog may start it. */
export const STATUS_DIALOG = 'statusDialog';

export abstract class InterruptibleDialog extends ComponentDialog {
  protected readonly commands: CommandReader;

  constructor(
    id: string,
    protected readonly services: DialogServices,
  ) {
    super(id);
    this.commands = commandReader(services.assistant.i18n);
  }

  /** A status request typed at one of this dialog's prompts: the status dialog on top, then the prompt again. */
  protected async onStatusRequest(inner: DialogContext, request: StatusRequest): Promise<DialogTurnResult | undefined> {
    if (!this.findDialog(STATUS_DIALOG)) return undefined;
    return inner.beginDialog(STATUS_DIALOG, request);
  }

  /** Follows the language of a message when it is certain ("какво става с ПТ-…?" after English). */
  protected async followLanguage(context: TurnContext, text: string): Promise<void> {
    const lang = this.services.assistant.languageOf(text);
    const state = await this.services.conversation.get(context, {});
    if (lang && state.lang !== lang) await this.services.conversation.set(context, { ...state, lang });
  }

  protected async langOf(context: TurnContext): Promise<Lang> {
    return (await this.services.conversation.get(context, {})).lang ?? 'bg';
  }

  protected async tr(context: TurnContext) {
    return this.services.assistant.renderContext(await this.langOf(context)).t;
  }

  /** Sends a view, or a short text, in the conversation's language. */
  protected async say(context: TurnContext, view: AnswerView | string): Promise<void> {
    await sendView(context, view, await this.langOf(context));
  }

  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(inner)) ?? super.onContinueDialog(inner);
  }

  private async interrupt(inner: DialogContext): Promise<DialogTurnResult | undefined> {
    const activity = inner.context.activity;
    const text = activity.type === ActivityTypes.Message ? (activity.text ?? '').trim() : '';
    if (!text) return undefined;
    const { assistant } = this.services;
    const cancelWords = ['bg', 'en'].flatMap((l) => assistant.i18n.getFixedT(l)('commands.cancel', { returnObjects: true }) as unknown as string[]);
    if (cancelWords.includes(text.toLocaleLowerCase('bg').replace(/[.!]+$/, ''))) {
      await this.say(inner.context, (await this.tr(inner.context))('feedback.cancelled'));
      return inner.cancelAllDialogs();
    }
    const request = this.commands.statusRequest(text, assistant.kb.feedback.reference_prefix);
    if (request?.reference) {
      await this.followLanguage(inner.context, request.words ?? '');
      const started = await this.onStatusRequest(inner, request);
      if (started) return started;
    }
    // Only choice prompts can be interrupted further: at a free-text prompt whatever is typed is the answer.
    const choices = (inner.activeDialog?.state?.options as { choices?: Choice[] } | undefined)?.choices;
    if (!choices) return undefined;
    const state = await this.services.conversation.get(inner.context, {});
    const understanding = assistant.understand(text, state);
    // Service answers and "are you open now?" are worth the detour; anything else is a wrong choice.
    if (understanding.decision.type !== 'answer' && understanding.decision.type !== 'hours') return undefined;
    // Asked last, as the dearest check (number and ordinal recognisers), which the prompt repeats when the message is left to it.
    if (recognizeChoices(text, choices).length > 0) return undefined;
    await sendView(inner.context, assistant.reply(understanding), understanding.lang);
    await inner.repromptDialog();
    return Dialog.EndOfTurn;
  }
}
