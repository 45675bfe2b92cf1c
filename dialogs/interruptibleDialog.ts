// Base for multi-step dialogs: "откажи"/"cancel" leaves at any step, and a question about
// a service asked at a choice prompt is answered without losing the progress (the prompt is
// then shown again), as the Bot Framework core-bot sample does in its cancel-and-help dialog.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, recognizeChoices, type Choice, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Lang } from '../src/common/lang.js';
import type { AnswerView } from '../src/render/answerView.js';
import type { DialogServices } from './dialogServices.js';
import { sendView } from './sendView.js';

export abstract class InterruptibleDialog extends ComponentDialog {
  constructor(
    id: string,
    protected readonly services: DialogServices,
  ) {
    super(id);
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
    // Only choice prompts can be interrupted: at a free-text prompt whatever is typed is the answer.
    const choices = (inner.activeDialog?.state?.options as { choices?: Choice[] } | undefined)?.choices;
    if (!choices || recognizeChoices(text, choices).length > 0) return undefined;
    const state = await this.services.conversation.get(inner.context, {});
    const understanding = assistant.understand(text, state);
    // Service answers and "are you open now?" are worth the detour; anything else is a wrong choice.
    if (understanding.decision.type !== 'answer' && understanding.decision.type !== 'hours') return undefined;
    await sendView(inner.context, assistant.reply(understanding), understanding.lang);
    await inner.repromptDialog();
    return Dialog.EndOfTurn;
  }
}
