// Activity handler: a welcome when someone joins, the main dialog for every message that is within
// the one text limit (whatever channel it came from), and conversation state saved at the end of each turn.
import { ActivityHandler, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import type { Assistant } from '../answer/assistant.js';
import { welcomeView } from '../answer/reply.js';
import { activityOf } from './activityRenderer.js';
import { checkIncoming, MAX_INCOMING_TEXT } from './incomingText.js';

export class CitizenBot extends ActivityHandler {
  private readonly dialogs: DialogSet;

  constructor(
    private readonly assistant: Assistant,
    private readonly conversationState: ConversationState,
    private readonly dialog: Dialog,
  ) {
    super();
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(dialog);

    this.onMembersAdded(async (context, next) => {
      const newcomers = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (newcomers.length > 0) await context.sendActivity(activityOf(welcomeView(this.assistant.renderContext('bg')), 'bg-BG'));
      await next();
    });

    this.onMessage(async (context, next) => {
      const incoming = checkIncoming(context.activity);
      if (!incoming.ok) {
        const lang = context.activity.locale?.toLowerCase().startsWith('en') ? 'en' : 'bg';
        await context.sendActivity(this.assistant.renderContext(lang).t('bot.textTooLong', { max: MAX_INCOMING_TEXT }));
        return next();
      }
      Object.assign(context.activity, { text: incoming.activity.text, value: incoming.activity.value });
      const dc = await this.dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.dialog.id);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }
}
