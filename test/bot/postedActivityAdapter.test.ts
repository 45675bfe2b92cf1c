// The adapter that takes posted activities without zod answers every request as botbuilder's own
// CloudAdapter.process does: the same status, body and turn, request for request.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Request, type Response, type TurnContext } from 'botbuilder';
import { PostedActivityAdapter } from '../../src/bot/postedActivityAdapter.js';

interface Answer {
  status?: number;
  body?: unknown;
  ended: boolean;
  /** What the turn saw of its activity, if it ran. */
  seen?: { type: string; timestamp: unknown; rawTimestamp: unknown };
}

function responseTo(answer: Answer): Response {
  return {
    socket: undefined,
    status: (code: number) => (answer.status = code),
    send: (body: unknown) => (answer.body = body),
    header: () => undefined,
    end: () => (answer.ended = true),
  };
}

const requestOf = (body: unknown, method = 'POST'): Request => ({ method, body, headers: {} }) as unknown as Request;

/** A turn that echoes the text (buffered when the activity expects replies) and records what it saw. */
const logicFor = (answer: Answer) => async (context: TurnContext) => {
  const activity = context.activity as unknown as Answer['seen'] & { rawTimestamp?: unknown };
  answer.seen = { type: activity!.type, timestamp: activity!.timestamp, rawTimestamp: activity!.rawTimestamp };
  if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
};

async function answerOf(adapter: 'cloud' | 'posted', request: () => Request): Promise<Answer | { rejected: string }> {
  const auth = new ConfigurationBotFrameworkAuthentication({});
  const answer: Answer = { ended: false };
  try {
    if (adapter === 'cloud') await new CloudAdapter(auth).process(request(), responseTo(answer), logicFor(answer));
    else await new PostedActivityAdapter(auth).processPosted(request(), responseTo(answer), logicFor(answer));
  } catch (err) {
    return { rejected: (err as Error).message };
  }
  return answer;
}

const activity = (extra: Record<string, unknown>) => ({
  channelId: 'test',
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: 'user' },
  recipient: { id: 'bot' },
  conversation: { id: 'conversation' },
  ...extra,
});

describe('PostedActivityAdapter.processPosted', () => {
  // CloudAdapter.process warns on stderr of an activity without a type.
  beforeAll(() => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => {
    jest.restoreAllMocks();
  });

  it.each([
    ['a message that expects its replies in the answer', () => requestOf(activity({ type: 'message', text: 'здравейте', deliveryMode: 'expectReplies', timestamp: '2026-03-02T10:00:00.000Z' }))],
    ['an invoke nobody handles', () => requestOf(activity({ type: 'invoke', name: 'adaptiveCard/action' }))],
    ['a conversation update', () => requestOf(activity({ type: 'conversationUpdate', membersAdded: [{ id: 'user' }] }))],
    ['an activity with an empty type', () => requestOf(activity({ type: '' }))],
    ['an activity without a type', () => requestOf(activity({}))],
    ['a body that is a list', () => requestOf([activity({ type: 'message' })])],
    ['a GET', () => requestOf(activity({ type: 'message' }), 'GET')],
  ])('answers %s as CloudAdapter.process does', async (_name, request) => {
    const expected = await answerOf('cloud', request);
    expect(await answerOf('posted', request)).toEqual(expected);
  });

  it('reads the timestamp as a date and keeps its text', async () => {
    const answer = (await answerOf('posted', () => requestOf(activity({ type: 'event', timestamp: '2026-03-02T10:00:00.000Z' })))) as Answer;
    expect(answer.seen).toEqual({ type: 'event', timestamp: new Date('2026-03-02T10:00:00.000Z'), rawTimestamp: '2026-03-02T10:00:00.000Z' });
    expect(answer.status).toBe(200);
  });
});
