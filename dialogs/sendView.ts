// Every message the dialogs send is a channel-neutral view, rendered for Bot Framework at this one
// place (an Adaptive Card or a text message, with the view attached for the text channels).
import type { TurnContext } from 'botbuilder';
import { messageView } from '../src/answer/reply.js';
import { activityOf } from '../src/bot/activityRenderer.js';
import { LOCALE, type Lang } from '../src/common/lang.js';
import type { AnswerView } from '../src/render/answerView.js';

export async function sendView(context: TurnContext, view: AnswerView | string, lang: Lang): Promise<void> {
  await context.sendActivity(activityOf(typeof view === 'string' ? messageView(view) : view, LOCALE[lang]));
}
