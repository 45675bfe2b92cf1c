// The edge between the project's text channels and Bot Framework: a channel's message becomes an
// activity for the in-process adapter, and what the bot sent comes back as channel-neutral replies
// (the views it was rendered from). Only this module and the adapters know activities.
import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';
import { isActionValue } from '../answer/actionValue.js';
import { messageView } from '../answer/reply.js';
import type { IncomingMessage, Reply } from '../channels/message.js';
import type { ViewAction } from '../render/answerView.js';
import { viewOf } from './activityRenderer.js';

const BOT_ACCOUNT = { id: 'bot' } as ChannelAccount;

export function activityOfMessage(m: IncomingMessage): Partial<Activity> {
  const base: Partial<Activity> = {
    channelId: m.channel,
    ...(m.id !== undefined ? { id: m.id } : {}),
    timestamp: m.timestamp ?? new Date(),
    from: { id: m.userId } as ChannelAccount,
    recipient: BOT_ACCOUNT,
    conversation: { id: m.conversationId, isGroup: false } as ConversationAccount,
    ...(m.locale ? { locale: m.locale } : {}),
  };
  if (m.kind === 'start') return { ...base, type: 'conversationUpdate', membersAdded: [{ id: m.userId } as ChannelAccount] };
  const location = m.location;
  const geo = location ? { type: 'GeoCoordinates', latitude: location.lat, longitude: location.lon } : undefined;
  return {
    ...base,
    type: 'message',
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.value !== undefined ? { value: m.value } : {}),
    ...(geo ? { entities: [location?.address ? { type: 'Place', address: location.address, geo } : geo] } : {}),
  };
}

/**
 * What the bot sent, as views. A message the dialogs rendered from a view carries it; a prompt that
 * Bot Framework rebuilt (a choice prompt copies its activity) is read from its text and buttons.
 */
export function repliesOf(activities: ReadonlyArray<Partial<Activity>>): Reply[] {
  return activities.flatMap((activity) => {
    if (activity.type !== 'message') return [];
    const view = viewOf(activity);
    if (view) return [view];
    const actions = (activity.suggestedActions?.actions ?? []).flatMap((a): ViewAction[] => {
      if (!a.title) return [];
      if (typeof a.value === 'string' || a.type === 'imBack') return [{ title: a.title, value: { action: 'ask', text: String(a.value ?? a.title) } }];
      return isActionValue(a.value) ? [{ title: a.title, value: a.value }] : [];
    });
    return activity.text || actions.length > 0 ? [messageView(activity.text ?? '', actions)] : [];
  });
}
