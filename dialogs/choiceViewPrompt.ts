// A choice prompt whose question goes out as a view that waits for a choice (AnswerView.choice), so
// that every channel shows all the choices: the web chat as a card's buttons (suggestions there are
// cut to a few), Viber as a keyboard, Messenger as quick replies. Recognising the answer, typed or
// tapped, stays Bot Framework's ChoicePrompt's.
import type { TurnContext } from 'botbuilder';
import { ChoicePrompt, ListStyle, type Choice, type DialogContext, type DialogEvent, type PromptOptions } from 'botbuilder-dialogs';
import { activityOf } from '../src/bot/activityRenderer.js';
import { LOCALE, type Lang } from '../src/common/lang.js';
import type { ViewAction } from '../src/render/answerView.js';

/** The prompt's options: its question as text, its choices, and the conversation's language. Plain data, kept in the dialog's state. */
export interface ChoiceViewOptions extends PromptOptions {
  prompt: string;
  choices: Choice[];
  lang: Lang;
}

/** A choice as a button that says its title (or its value) when tapped, as typing it would. */
const actionOf = (c: Choice): ViewAction => {
  const said = String(c.action?.value ?? c.value);
  return { title: c.action?.title ?? said, value: { action: 'ask', text: said } };
};

export class ChoiceViewPrompt extends ChoicePrompt {
  constructor(dialogId: string) {
    super(dialogId);
    this.style = ListStyle.none;
  }

  protected override async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const { prompt, retryPrompt, choices, lang } = options as ChoiceViewOptions & { retryPrompt?: string };
    const text = isRetry && typeof retryPrompt === 'string' ? retryPrompt : prompt;
    await context.sendActivity(activityOf({ text, sections: [], sources: [], actions: choices.map(actionOf), choice: true }, LOCALE[lang]));
  }

  /**
   * Bot Framework's prompt recognises a message a first time as it arrives, so that a recognised
   * choice stops the "activity received" event there, for dialogs that interrupt on it (adaptive
   * dialogs); none of this bot's dialogs listens to it. The number and ordinal recognisers behind a
   * choice are the dearest part of such a turn, so a message is recognised only when the prompt continues.
   */
  protected override async onPreBubbleEvent(_dc: DialogContext, _event: DialogEvent): Promise<boolean> {
    return false;
  }
}
