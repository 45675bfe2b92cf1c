// An incoming activity as the conversation core's turn: the one place that decides what stands in
// for a channel or conversation id an activity lacks.
import type { Activity } from 'botbuilder';
import type { Turn } from '../answer/route.js';

const UNKNOWN = 'unknown';

export function turnOf(activity: Partial<Activity>): Turn {
  return {
    text: activity.text,
    value: activity.value as unknown,
    channel: activity.channelId ?? UNKNOWN,
    conversationId: activity.conversation?.id ?? UNKNOWN,
  };
}
