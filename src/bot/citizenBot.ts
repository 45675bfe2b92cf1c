// Activity handler: a welcome when someone joins, the main dialog for every message that is within
// the one text limit (whatever channel it came from), and conversation state saved at the end of each turn.
import { ActivityHandler, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import type { Assistant } from '../answer/assistant.js';
import { welcomeView } from '../answer/reply.js';
import { activityOf } from './activityRenderer.js';
import { checkIncoming, MAX_INCOMING_TEXT } from './incomingText.js';

/** Where botbuilder-dialogs' DialogStateManager looks for its configuration in a turn's state (memory/dialogStateManager.js). */
const STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

export class CitizenBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  /**
   * The dialogs' memory scopes and path resolvers. botbuilder-dialogs gathers them anew on every
   * turn (a service collection and zod checks); they hold nothing of a turn, so they are gathered on
   * the first and handed to every later one, as its DialogManager does with its stateConfiguration.
   */
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

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
      if (this.stateConfiguration) context.turnState.set(STATE_MANAGER_CONFIGURATION, this.stateConfiguration);
      const dc = await this.dialogs.createContext(context);
      this.stateConfiguration ??= dc.state.configuration;
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
