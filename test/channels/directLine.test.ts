// The self-hosted Direct Line endpoint driven by Microsoft's botframework-directlinejs, the client
// Web Chat uses, over WebSocket and over polling; and one visitor's token cannot read another's chat.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { visibleText } from '../support/cards.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

// directlinejs expects a browser: XMLHttpRequest for its REST calls and a global WebSocket.
const require = createRequire(import.meta.url);
Object.assign(globalThis, { XMLHttpRequest: require('xhr2') as unknown, WebSocket });
const { DirectLine } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

interface ClientActivity {
  id?: string;
  type: string;
  text?: string;
  from: { id: string };
  channelData?: { clientActivityID?: string };
  attachments?: unknown[];
}

let app: App;
let base: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const assistant = await Assistant.load(paths);
  const tmp = await withTempDir();
  cleanup = tmp.cleanup;
  app = await createApp(readConfig({ DATA_DIR: tmp.dir, KNOWLEDGE_DIR: paths.knowledgeDir, DIRECTLINE_TOKEN_SECRET: 'test-secret' }), createLogger('silent'), { assistant });
  const { port } = await app.server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await app.stop();
  await cleanup();
});

async function newSession(): Promise<{ token: string; conversationId: string; userId: string }> {
  const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; conversationId: string; userId: string };
}

/** Collects activities until one matches, or fails after 10 s. */
function waitFor(seen: ClientActivity[], predicate: (a: ClientActivity) => boolean): Promise<ClientActivity> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const check = () => {
      const found = seen.find(predicate);
      if (found) resolve(found);
      else if (Date.now() > deadline) reject(new Error(`not seen; got ${JSON.stringify(seen.map((a) => a.text ?? a.type))}`));
      else setTimeout(check, 50);
    };
    check();
  });
}

describe.each([
  ['WebSocket', true],
  ['polling', false],
])('Direct Line over %s', (_name, webSocket) => {
  it('welcomes, echoes the message for Web Chat, and delivers the answer card', async () => {
    const session = await newSession();
    const client = new DirectLine({ token: session.token, domain: `${base}/v3/directline`, webSocket, pollingInterval: 200 });
    const seen: ClientActivity[] = [];
    const subscription = client.activity$.subscribe((a) => seen.push(a as ClientActivity));
    try {
      await waitFor(seen, (a) => (a.text ?? '').startsWith('Здравейте!'));
      const id = await new Promise<string>((resolve, reject) =>
        client
          .postActivity({ type: 'message', from: { id: session.userId }, text: 'Как да получа удостоверение за наследници?', channelData: { clientActivityID: 'client-1' } } as never)
          .subscribe({ next: resolve, error: reject }),
      );
      expect(id).toMatch(new RegExp(`^${session.conversationId}\\|\\d{7}$`));
      const echo = await waitFor(seen, (a) => a.channelData?.clientActivityID === 'client-1');
      expect(echo).toMatchObject({ id, from: { id: session.userId } });
      const answer = await waitFor(seen, (a) => a.from.id === 'bot' && (a.attachments?.length ?? 0) > 0);
      expect(visibleText(answer as never)).toContain('Удостоверение за наследници');
    } finally {
      subscription.unsubscribe();
      client.end();
    }
  });
});

describe('a report told in the web chat', () => {
  it('is recognised, registered on "yes" with the message as its description and its place, and gets a reference', async () => {
    const session = await newSession();
    const client = new DirectLine({ token: session.token, domain: `${base}/v3/directline`, webSocket: true });
    const seen: ClientActivity[] = [];
    const subscription = client.activity$.subscribe((a) => seen.push(a as ClientActivity));
    const send = (value: { text?: string; value?: unknown }) =>
      new Promise<string>((resolve, reject) => client.postActivity({ type: 'message', from: { id: session.userId }, ...value } as never).subscribe({ next: resolve, error: reject }));
    const fromBot = (pattern: RegExp) => (a: ClientActivity) => a.from.id === 'bot' && pattern.test(a.text ?? visibleText(a as never));
    try {
      const message = 'Паднало дърво на ул. „Гоце Делчев“ 3 пречи на колите вече два дни.';
      await send({ text: message });
      await waitFor(seen, fromBot(/Разбрах/));
      await send({ value: { action: 'answer', yes: true } });
      await waitFor(seen, fromBot(/Искате ли да оставите име/));
      await send({ text: 'Анонимно' });
      await waitFor(seen, fromBot(/Моля, проверете/));
      await send({ text: 'Потвърждавам' });
      const saved = await waitFor(seen, fromBot(/ПТ-\d{4}-\d{6}/));
      const reference = /ПТ-\d{4}-\d{6}/.exec(saved.text ?? '')![0];
      expect((await app.feedback.getByReference(reference))).toMatchObject({ category: 'trees-and-green-areas', description: message, location: 'ул. „Гоце Делчев“ 3', channel: 'directline' });
    } finally {
      subscription.unsubscribe();
      client.end();
    }
  });
});

describe('conversation privacy', () => {
  it("a second visitor's token cannot read, write or stream the first visitor's conversation", async () => {
    const first = await newSession();
    const second = await newSession();
    const start = await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${first.token}` } });
    expect(start.status).toBe(201);
    const url = `${base}/v3/directline/conversations/${encodeURIComponent(first.conversationId)}/activities`;

    expect((await fetch(url, { headers: { authorization: `Bearer ${second.token}` } })).status).toBe(403);
    expect((await fetch(url)).status).toBe(403);
    const write = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${second.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'hi' }) });
    expect(write.status).toBe(403);
    const forged = await fetch(url, { headers: { authorization: `Bearer ${first.token.slice(0, -2)}xx` } });
    expect(forged.status).toBe(403);

    const streamUrl = `ws://127.0.0.1:${new URL(base).port}/v3/directline/conversations/${encodeURIComponent(first.conversationId)}/stream?t=${encodeURIComponent(second.token)}`;
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(streamUrl);
      ws.on('open', () => resolve(false));
      ws.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);

    const own = await fetch(url, { headers: { authorization: `Bearer ${first.token}` } });
    expect(own.status).toBe(200);
  });

  it('reconnecting to a conversation gives a fresh token and a stream that starts after what the client has read', async () => {
    const session = await newSession();
    const auth = { authorization: `Bearer ${session.token}` };
    await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth });
    const url = `${base}/v3/directline/conversations/${encodeURIComponent(session.conversationId)}`;
    const post = (text: string) => fetch(`${url}/activities`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text }) });
    await post('first');
    let read: { activities: Array<{ text?: string }>; watermark: string } = { activities: [], watermark: '0' };
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && read.activities.length < 3; await new Promise((r) => setTimeout(r, 100))) {
      read = (await (await fetch(`${url}/activities`, { headers: auth })).json()) as typeof read;
    }
    expect(read.activities.length).toBeGreaterThanOrEqual(3); // the welcome, 'first' and its answer

    await new Promise((r) => setTimeout(r, 1100)); // a token of another second
    const again = (await (await fetch(`${url}?watermark=${read.watermark}`, { headers: auth })).json()) as { token: string; streamUrl: string };
    expect(again.token).not.toBe(session.token);
    expect(new URL(again.streamUrl).searchParams.get('watermark')).toBe(read.watermark);
    const ws = new WebSocket(again.streamUrl);
    const streamed: string[] = [];
    ws.on('message', (data: Buffer) => {
      if (data.length > 0) streamed.push(...((JSON.parse(data.toString()) as { activities: Array<{ text?: string }> }).activities.map((a) => a.text ?? '')));
    });
    await new Promise((resolve) => ws.on('open', resolve));
    await post('second');
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !streamed.includes('second'); ) await new Promise((r) => setTimeout(r, 50));
    ws.close();
    expect(streamed[0]).toBe('second'); // nothing read before the reconnection comes again

    // A watermark past the transcript's (a conversation started again empty) streams from its start.
    const past = (await (await fetch(`${url}?watermark=999`, { headers: { authorization: `Bearer ${again.token}` } })).json()) as { streamUrl: string };
    expect(new URL(past.streamUrl).searchParams.get('watermark')).toBeNull();
  });

  it('refreshes a token for the same conversation', async () => {
    const session = await newSession();
    const res = await fetch(`${base}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    expect(await res.json()).toMatchObject({ conversationId: session.conversationId, expires_in: 1800 });
  });
});
