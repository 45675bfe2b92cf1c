// Runs the bot for the project's own channels (the web chat's Direct Line, Viber, Messenger)
// without an HTTP hop, a serviceUrl or Bot Framework authentication: the channel maps its event
// to an Activity, runs the turn, and gets back the activities the bot sent during it.
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

import type { TurnRunner } from '../channels/directline/shared.js';

export type TurnLogic = (context: TurnContext) => Promise<void>;

export type { TurnRunner };

const REPLIES = Symbol('replies');

export class InProcessAdapter extends BotAdapter {
  async sendActivities(context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(REPLIES) as Array<Partial<Activity>> | undefined;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') continue; // the channel paces messages itself
      const id = randomUUID();
      replies?.push({ ...activity, id, timestamp: new Date() });
      responses.push({ id });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('updating sent messages is not supported on this channel');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('deleting sent messages is not supported on this channel');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.processActivity(activity, logic);
  }

  /** Runs the middleware and the bot for one activity; resolves with what the bot sent. */
  async processActivity(activity: Partial<Activity>, logic: TurnLogic): Promise<Array<Partial<Activity>>> {
    const context = new TurnContext(this, activity);
    const replies: Array<Partial<Activity>> = [];
    context.turnState.set(REPLIES, replies);
    await this.runMiddleware(context, logic);
    return replies;
  }
}
