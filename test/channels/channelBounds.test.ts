// Issue 11, items 3, 6 and 11, through the real app on a loopback port: what one stranger can make
// the Direct Line endpoint keep (bytes per activity, per conversation and in all; tokens; stream
// frames; unread streams), one text limit for every way a text comes in, and webhook redeliveries
// answered once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { MAX_INCOMING_TEXT } from '../../src/bot/incomingText.js';
import { ConversationStore } from '../../src/channels/directline/conversationStore.js';
import { MemoryDirectLineStore } from '../../src/channels/directline/directLineStore.js';
import { MAX_ACTIVITY_BYTES, MAX_STREAM_BUFFERED } from '../../src/channels/directline/directLineChannel.js';
import { readConfig } from '../../src/config/config.js';
import type { Translate } from '../../src/common/i18n.js';
import { createLogger } from '../../src/common/logger.js';
import { graphOk, startApiStandIn, viberOk, type ApiCall, type ApiStandIn } from '../support/apiStandIn.js';
import { BotConversation } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

const VIBER_TOKEN = 'bounds-viber-token';
const APP_SECRET = 'bounds-app-secret';
let app: App;
let base: string;
let viber: ApiStandIn;
let graph: ApiStandIn;
let connector: CaptureServer;
let t: Translate;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const assistant = await Assistant.load(paths);
  t = assistant.renderContext('bg').t;
  viber = await startApiStandIn(viberOk);
  graph = await startApiStandIn(graphOk);
  connector = await startCaptureServer();
  const tmp = await withTempDir();
  cleanup = tmp.cleanup;
  const config = readConfig({
    DATA_DIR: tmp.dir,
    KNOWLEDGE_DIR: paths.knowledgeDir,
    DIRECTLINE_TOKEN_SECRET: 'bounds-secret',
    DIRECTLINE_TOKENS_PER_MINUTE: '20',
    VIBER_AUTH_TOKEN: VIBER_TOKEN,
    VIBER_API_URL: `${viber.url}/pa`,
    MESSENGER_PAGE_TOKEN: 'page-token',
    MESSENGER_APP_SECRET: APP_SECRET,
    MESSENGER_VERIFY_TOKEN: 'verify',
    MESSENGER_API_URL: graph.url,
  });
  app = await createApp(config, createLogger('silent'), { assistant });
  const { port } = await app.server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await app.stop();
  await viber.close();
  await graph.close();
  await connector.close();
  await cleanup();
});

async function session(): Promise<{ token: string; conversationId: string; headers: Record<string, string>; url: string }> {
  const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  const { token, conversationId } = (await res.json()) as { token: string; conversationId: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  expect((await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers })).status).toBe(201);
  return { token, conversationId, headers, url: `${base}/v3/directline/conversations/${conversationId}/activities` };
}

/** The in-memory transcripts (the default without DATABASE_URL), to look inside. */
function memoryOf(running: App): ConversationStore {
  const store = running.directLine!.store;
  if (!(store instanceof MemoryDirectLineStore)) throw new Error('expected the in-memory Direct Line store');
  return store.memory;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('item 3: Direct Line keeps bounded transcripts', () => {
  it(`refuses an activity over ${MAX_ACTIVITY_BYTES} bytes`, async () => {
    const s = await session();
    const res = await fetch(s.url, { method: 'POST', headers: s.headers, body: JSON.stringify({ type: 'message', text: 'x'.repeat(MAX_ACTIVITY_BYTES + 1) }) });
    expect(res.status).toBe(413);
  });

  it("keeps at most the conversation's byte limit, however much one token posts, and a poll answers only what is after the watermark", async () => {
    const s = await session();
    const limit = app.directLine!.store.limits.maxConversationBytes;
    for (let i = 0; i < 40; i += 1) {
      const res = await fetch(s.url, { method: 'POST', headers: s.headers, body: JSON.stringify({ type: 'event', name: 'filler', value: { pad: 'ж'.repeat(10_000) } }) });
      expect(res.status).toBe(200);
    }
    const c = memoryOf(app).get(s.conversationId)!;
    expect(c.bytes).toBeLessThanOrEqual(limit);
    const all = (await (await fetch(s.url, { headers: s.headers })).json()) as { activities: unknown[]; watermark: string };
    expect(all.activities.length).toBeLessThan(40);
    const watermark = Number(all.watermark);
    expect(watermark).toBeGreaterThanOrEqual(40);
    const after = (await (await fetch(`${s.url}?watermark=${watermark}`, { headers: s.headers })).json()) as { activities: unknown[] };
    expect(after.activities).toEqual([]);
    const lastTwo = (await (await fetch(`${s.url}?watermark=${watermark - 2}`, { headers: s.headers })).json()) as { activities: unknown[] };
    expect(lastTwo.activities).toHaveLength(2);
  });

  it('bounds all conversations together: the least recently active are forgotten first', () => {
    const store = new ConversationStore({ maxActivities: 100, maxConversationBytes: 10_000, maxTotalBytes: 50_000, maxConversations: 30, idleMs: 60_000 });
    for (let i = 0; i < 200; i += 1) {
      const c = store.open(`c${i}`, `u${i}`);
      store.append(c, [{ type: 'message', text: 'x'.repeat(4000) }, { type: 'message', text: 'y'.repeat(4000) }]);
      expect(store.totalBytes).toBeLessThanOrEqual(50_000);
      expect(store.size).toBeLessThanOrEqual(30);
    }
    expect(store.get('c199')).toBeDefined();
    expect(store.get('c0')).toBeUndefined();
  });

  it('closes a stream whose client sends a large frame', async () => {
    const s = await session();
    const ws = new WebSocket(`ws://${new URL(base).host}/v3/directline/conversations/${s.conversationId}/stream?t=${encodeURIComponent(s.token)}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(1024 * 1024));
    expect(await closed).toBe(1009);
  });

  it('drops a stream client that does not read, instead of buffering for it', async () => {
    const s = await session();
    const ws = new WebSocket(`ws://${new URL(base).host}/v3/directline/conversations/${s.conversationId}/stream?t=${encodeURIComponent(s.token)}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    (ws as unknown as { _socket: Socket })._socket.pause();
    const store = memoryOf(app);
    const c = store.get(s.conversationId)!;
    await until(() => c.listeners.size === 1, 'the stream listener');
    // Far more than the buffer allowance and the kernel's socket buffers together, in bounded steps.
    const chunk = { type: 'event', name: 'filler', value: { pad: 'z'.repeat(256 * 1024) } };
    for (let i = 0; i < 400 && c.listeners.size > 0; i += 1) {
      store.append(c, [chunk]);
      await new Promise((r) => setImmediate(r));
    }
    await until(() => c.listeners.size === 0, 'the slow stream to be dropped');
    expect(MAX_STREAM_BUFFERED).toBeLessThanOrEqual(1024 * 1024);
    ws.terminate();
  });
});

describe('item 6: one text limit for every way a text comes in', () => {
  const longest = async () => Math.max(0, ...(await app.questions.list()).map((q) => q.text.length));

  it('an "ask" action value of 85,000 characters through /api/messages is refused politely and never logged', async () => {
    const citizen = new BotConversation(base, connector, 'ask-value-long');
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id: 'ask-long-1', channelId: 'test', serviceUrl: connector.url, from: { id: 'u' }, recipient: { id: 'bot' },
        conversation: { id: citizen.id }, value: { action: 'ask', text: 'кой '.repeat(21_250) },
      }),
    });
    expect(res.status).toBe(200);
    const reply = await connector.next((p) => p.body.replyToId === 'ask-long-1');
    expect(reply.body.text).toBe(t('bot.textTooLong', { max: MAX_INCOMING_TEXT }));
    expect(await longest()).toBeLessThanOrEqual(1000);
  });

  it('an "ask" value just over the question limit gets the same answer as typed text of that length', async () => {
    const text = 'непознат въпрос '.repeat(70);
    expect(text.length).toBeGreaterThan(1000);
    const send = async (id: string, body: Record<string, unknown>) => {
      await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id, channelId: 'test', serviceUrl: connector.url, from: { id: 'u' }, recipient: { id: 'bot' }, conversation: { id: `c-${id}` }, ...body }),
      });
      return (await connector.next((p) => p.body.replyToId === id)).body.text;
    };
    const typed = await send('typed-1', { text });
    expect(typed).toBe(t('bot.tooLong', { max: 1000 }));
    expect(await send('value-1', { value: { action: 'ask', text } })).toBe(typed);
    expect(await longest()).toBeLessThanOrEqual(1000);
  });

  it('Viber and Messenger text that starts with "{" is held to the same limit', async () => {
    const payload = JSON.stringify({ action: 'ask', text: 'а'.repeat(5000) });
    const event = { event: 'message', timestamp: Date.now(), message_token: 991, sender: { id: 'brace-user==' }, message: { type: 'text', text: payload } };
    const raw = JSON.stringify(event);
    await fetch(`${base}/api/viber`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-viber-content-signature': createHmac('sha256', VIBER_TOKEN).update(raw).digest('hex') }, body: raw });
    const [sent] = await viber.waitFor((c) => c.body.receiver === 'brace-user==');
    expect(sent.body.text).toBe(t('bot.textTooLong', { max: MAX_INCOMING_TEXT }));

    const body = JSON.stringify({ object: 'page', entry: [{ messaging: [{ sender: { id: 'brace-psid' }, recipient: { id: 'p' }, timestamp: Date.now(), message: { mid: 'm-brace', text: payload } }] }] });
    await fetch(`${base}/api/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` }, body });
    const [reply] = await graph.waitFor((c) => (c.body.recipient as { id?: string } | undefined)?.id === 'brace-psid');
    expect((reply.body.message as { text: string }).text).toBe(t('bot.textTooLong', { max: MAX_INCOMING_TEXT }));
    expect(await longest()).toBeLessThanOrEqual(1000);
  });

  it('a value nested deeper than a button value is refused', async () => {
    let value: unknown = 'x';
    for (let i = 0; i < 20; i += 1) value = { a: value };
    await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: 'deep-1', channelId: 'test', serviceUrl: connector.url, from: { id: 'u' }, recipient: { id: 'bot' }, conversation: { id: 'deep' }, value }),
    });
    expect((await connector.next((p) => p.body.replyToId === 'deep-1')).body.text).toBe(t('bot.textTooLong', { max: MAX_INCOMING_TEXT }));
  });
});

describe('item 11: webhook redeliveries are answered once', () => {
  it('one signed Viber message delivered 6 times gets one answer', async () => {
    const user = 'redelivered-user==';
    const isToUser = (c: ApiCall) => c.body.receiver === user;
    const event = { event: 'message', timestamp: Date.now(), message_token: 5_555_001, sender: { id: user }, message: { type: 'text', text: 'Как да получа скица на имот?' } };
    const raw = JSON.stringify(event);
    const headers = { 'content-type': 'application/json', 'x-viber-content-signature': createHmac('sha256', VIBER_TOKEN).update(raw).digest('hex') };
    for (let i = 0; i < 6; i += 1) expect((await fetch(`${base}/api/viber`, { method: 'POST', headers, body: raw })).status).toBe(200);
    // A later message is answered after any repeat would have been.
    const next = JSON.stringify({ ...event, message_token: 5_555_002, message: { type: 'text', text: 'а колко струва?' } });
    await fetch(`${base}/api/viber`, { method: 'POST', headers: { ...headers, 'x-viber-content-signature': createHmac('sha256', VIBER_TOKEN).update(next).digest('hex') }, body: next });
    // A long answer goes in several messages; the last of each answer carries its keyboard.
    const answerEnds = (c: ApiCall) => isToUser(c) && c.body.keyboard !== undefined;
    const calls = await viber.waitFor(answerEnds, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(viber.calls.filter(answerEnds)).toHaveLength(calls.length);
    expect(viber.calls.filter(answerEnds)).toHaveLength(2);
  });

  it('one Messenger mid delivered 3 times gets one answer', async () => {
    const toUser = (psid: string) => (c: ApiCall) => (c.body.recipient as { id?: string } | undefined)?.id === psid;
    const message = (psid: string, mid: string, text: string) =>
      JSON.stringify({ object: 'page', entry: [{ messaging: [{ sender: { id: psid }, recipient: { id: 'p' }, timestamp: Date.now(), message: { mid, text } }] }] });
    const send = (body: string) =>
      fetch(`${base}/api/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` }, body });
    const conversation = async (psid: string, repeats: number): Promise<number> => {
      const first = message(psid, `${psid}-1`, 'Как да получа скица на имот?');
      for (let i = 0; i < repeats; i += 1) expect((await send(first)).status).toBe(200);
      await send(message(psid, `${psid}-2`, 'здравейте'));
      // The reply to the second message comes after any repeat of the first would have.
      await graph.waitFor((c) => toUser(psid)(c) && !String((c.body.message as { text?: string }).text).includes('Скица'));
      await new Promise((r) => setTimeout(r, 300));
      return graph.calls.filter(toUser(psid)).length;
    };
    const once = await conversation('control-psid', 1);
    expect(await conversation('redelivered-psid', 3)).toBe(once);
  });
});

describe('item 3: web chat tokens', () => {
  it('issues a limited number of tokens a minute to one client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) statuses.push((await fetch(`${base}/api/directline/token`, { method: 'POST' })).status);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(20);
    expect(statuses).toContain(429);
  });
});
