// Messenger through the real app: Meta's GET verification and signed webhook calls to
// /api/messenger, replies at a loopback stand-in for the Graph Send API. The HMAC is computed here,
// independently of the channel's code.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import * as restify from 'restify';
import { Assistant } from '../../src/answer/assistant.js';
import type { Reply } from '../../src/channels/message.js';
import { createApp, type App } from '../../src/app.js';
import { mountMessenger } from '../../src/channels/messenger/messengerChannel.js';
import { readConfig } from '../../src/config/config.js';
import type { Translate } from '../../src/common/i18n.js';
import { createLogger } from '../../src/common/logger.js';
import { graphOk, startApiStandIn, type ApiCall, type ApiStandIn } from '../support/apiStandIn.js';
import { messageView, welcomeView } from '../../src/answer/reply.js';
import { textReplyOf } from '../../src/channels/textReply.js';
import { paths } from '../support/paths.js';
import { stateKeys as stateFileKeys } from '../support/stateFiles.js';
import { withTempDir } from '../support/tempDir.js';

/** Buttons that say a text when tapped. */
const asked = (buttons: Array<{ title: string; value: string }>) => buttons.map((b) => ({ title: b.title, value: { action: 'ask' as const, text: b.value } }));

const PAGE_TOKEN = 'EAAGm0PX4ZCpsBA-test-page-token';
const APP_SECRET = 'c0ffee0ddba11f00d5ca1ab1e0000042';
const VERIFY_TOKEN = 'petrich-verify-2026';
const PAGE_ID = '105998371234567';
const SEND_PATH = '/v21.0/me/messages';

interface QuickReply {
  content_type: string;
  title: string;
  payload: string;
}
interface SentMessage {
  text: string;
  quick_replies?: QuickReply[];
}

const sign = (raw: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

let seq = 0;
const webhook = (...messaging: unknown[]) => ({ object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging }] });
const messageEvent = (psid: string, message: Record<string, unknown>) => ({
  sender: { id: psid },
  recipient: { id: PAGE_ID },
  timestamp: Date.now(),
  message: { mid: `m_${++seq}`, ...message },
});

function post(base: string, body: unknown, signature: string | null = 'valid'): Promise<Response> {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature === 'valid' ? sign(raw) : signature;
  return fetch(`${base}/api/messenger`, { method: 'POST', headers, body: raw });
}

const isSendTo = (psid: string) => (c: ApiCall) => c.path === SEND_PATH && (c.body.recipient as { id?: string } | undefined)?.id === psid;
const sent = (c: ApiCall) => c.body.message as SentMessage;

describe('Messenger through the real app', () => {
  let assistant: Assistant;
  let api: ApiStandIn;
  let app: App;
  let base: string;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  let t: Translate;

  /** Sends a message as `psid` and resolves with the messages the bot sent for it. */
  async function say(psid: string, message: string | Record<string, unknown>, expected = 1): Promise<SentMessage[]> {
    const before = api.calls.filter(isSendTo(psid)).length;
    const res = await post(base, webhook(messageEvent(psid, typeof message === 'string' ? { text: message } : message)));
    expect(res.status).toBe(200);
    return (await api.waitFor(isSendTo(psid), before + expected)).slice(before).map(sent);
  }

  const stateKeys = async () => {
    await app.storage.flush(); // state is written behind
    return stateFileKeys(dataDir);
  };

  beforeAll(async () => {
    assistant = await Assistant.load(paths);
    t = assistant.renderContext('bg').t;
    api = await startApiStandIn(graphOk);
    ({ dir: dataDir, cleanup } = await withTempDir());
    const config = readConfig({
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: paths.knowledgeDir,
      MESSENGER_PAGE_TOKEN: PAGE_TOKEN,
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
      MESSENGER_API_URL: api.url,
    });
    app = await createApp(config, createLogger('silent'), { assistant });
    const { port } = await app.server.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.stop();
    await api.close();
    await cleanup();
  });

  describe("GET: Meta's webhook verification", () => {
    const verify = (params: Record<string, string>) => fetch(`${base}/api/messenger?${new URLSearchParams(params)}`);

    it('answers the challenge as plain text when the verify token matches', async () => {
      const res = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('1158201444');
    });

    it.each([
      ['a wrong verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }],
      ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }],
      ['no parameters', {}],
    ])('refuses %s with 403', async (_name, params) => {
      const res = await verify(params);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'VerificationFailed', message: expect.any(String) } });
    });
  });

  it('answers a question through the Send API, with the rating buttons as quick replies, and understands a tapped rating', async () => {
    const psid = '6152040112345001';
    const messages = await say(psid, 'Как да получа удостоверение за наследници?');
    const call = api.calls.filter(isSendTo(psid))[0];
    expect(call.method).toBe('POST');
    expect(call.query.get('access_token')).toBe(PAGE_TOKEN);
    expect(call.query.get('appsecret_proof')).toBe(createHmac('sha256', APP_SECRET).update(PAGE_TOKEN).digest('hex'));
    expect(call.body).toMatchObject({ recipient: { id: psid }, messaging_type: 'RESPONSE' });
    const [answer] = messages;
    expect(answer.text).toContain('Удостоверение за наследници');
    expect(answer.text.length).toBeLessThanOrEqual(2000);
    const quick = answer.quick_replies ?? [];
    expect(quick.map((q) => q.title)).toEqual(expect.arrayContaining([t('rating.useful'), t('rating.notUseful')]));
    expect(quick.every((q) => q.content_type === 'text' && Array.from(q.title).length <= 20 && q.payload.length <= 1000)).toBe(true);

    // A tapped quick reply arrives as a message with its title as text and our payload beside it.
    const useful = quick.find((q) => q.title === t('rating.useful'))!;
    const [thanks] = await say(psid, { text: useful.title, quick_reply: { payload: useful.payload } });
    expect(thanks.text).toContain(t('rating.thanks'));
    expect((await app.ratings.list())).toContainEqual(expect.objectContaining({ entryId: 'heirs-certificate', useful: true, channel: 'messenger' }));
  });

  it.each(['GET_STARTED', 'Здравейте'])('the Get Started button (payload %s) gets the welcome of every channel, with the example questions', async (payload) => {
    const psid = `6152040112345${payload.length}20`;
    const before = api.calls.filter(isSendTo(psid)).length;
    await post(base, webhook({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), postback: { title: 'Get Started', payload, mid: `m_gs_${payload.length}` } }));
    const [welcome] = (await api.waitFor(isSendTo(psid), before + 1)).slice(before).map(sent);
    // The same welcome the bot gives a newcomer anywhere (Viber's conversation_started, the web chat).
    const expected = textReplyOf(welcomeView(assistant.renderContext('bg')))!;
    expect(welcome.text).toBe(expected.text);
    expect(welcome.text).toContain(t('bot.welcome', { municipality: assistant.kb.municipality.name.bg }));
    expect(welcome.quick_replies?.map((q) => q.payload)).toEqual(expected.buttons.map((b) => b.payload));
    expect(welcome.quick_replies?.map((q) => q.payload)).toEqual(expect.arrayContaining((t('bot.examples', { returnObjects: true }) as unknown as Array<{ question: string }>).map((e) => e.question)));
  });

  it('understands a postback and a related-service quick reply shown by its short title', async () => {
    const psid = '6152040112345002';
    const [answer] = await say(psid, 'Как да получа удостоверение за наследници?');
    const related = answer.quick_replies!.find((q) => q.payload.includes('"entry"'))!;
    const entry = assistant.kb.byId.get((JSON.parse(related.payload) as { id: string }).id)!;
    const title = entry.title.bg;
    expect(title.length).toBeGreaterThan(20);
    expect(related.title).toBe(entry.short_title?.bg);
    const [viaQuickReply] = await say(psid, { text: related.title, quick_reply: { payload: related.payload } });
    expect(viaQuickReply.text).toContain(title);

    const before = api.calls.filter(isSendTo(psid)).length;
    await post(base, webhook({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), postback: { title: 'Данъци', payload: 'Как се плаща данък сгради?', mid: 'm_pb' } }));
    const [viaPostback] = (await api.waitFor(isSendTo(psid), before + 1)).slice(before).map(sent);
    expect(viaPostback.text.toLowerCase()).toContain('данък');
  });

  it('answers every person in one batched call and ignores echoes, deliveries and reads', async () => {
    const [a, b] = ['6152040112345003', '6152040112345004'];
    const res = await post(base, {
      object: 'page',
      entry: [
        {
          id: PAGE_ID,
          time: Date.now(),
          messaging: [
            { sender: { id: PAGE_ID }, recipient: { id: a }, timestamp: Date.now(), message: { mid: 'm_echo', is_echo: true, app_id: 1, text: 'Как да получа удостоверение за наследници?' } },
            { sender: { id: a }, recipient: { id: PAGE_ID }, timestamp: Date.now(), delivery: { mids: ['m_1'], watermark: Date.now() } },
            { sender: { id: a }, recipient: { id: PAGE_ID }, timestamp: Date.now(), read: { watermark: Date.now() } },
            messageEvent(a, { text: 'Как да получа удостоверение за наследници?' }),
          ],
        },
        { id: PAGE_ID, time: Date.now(), messaging: [messageEvent(b, { text: 'Как да получа удостоверение за наследници?' })] },
      ],
    });
    expect(res.status).toBe(200);
    await api.waitFor(isSendTo(b));
    await api.waitFor(isSendTo(a));
    await new Promise((r) => setTimeout(r, 100));
    expect(api.calls.filter(isSendTo(a))).toHaveLength(1);
    expect(api.calls.filter(isSendTo(PAGE_ID))).toHaveLength(0);
  });

  it('turns a shared location into the place of a signal', async () => {
    const psid = '6152040112345005';
    await say(psid, 'Искам да подам сигнал', 2);
    await say(psid, 'Счупена улична лампа пред блока от седмица.');
    const location = { type: 'location', payload: { coordinates: { lat: 41.39734, long: 23.20711 } }, title: 'Pin', url: 'https://example.invalid/map' };
    const [askContact] = await say(psid, { attachments: [location] });
    expect(askContact.text).toContain(t('feedback.askContact'));
    const [, summary] = await say(psid, t('feedback.contactChoice.anonymous'), 3); // the law on anonymous records, then the summary
    expect(summary.text).toContain(t('feedback.sharedLocation', { lat: '41.39734', lon: '23.20711' }));
  });

  it('registers a report told in the citizen\'s own words: its category, the message as the description, the place from it, a reference', async () => {
    const psid = '6152040112345010';
    const message = 'Уличната лампа на ул. „Васил Левски“ 12 не свети от месец и вечер е тъмно.';
    const [offer] = await say(psid, message);
    expect(offer.text).toMatch(/Разбрах: .*осветление/);
    const yes = offer.quick_replies!.find((q) => q.title === t('report.yes').slice(0, 20) || t('report.yes').startsWith(q.title.replace(/…$/, '')))!;
    const asked = await say(psid, { text: yes.title, quick_reply: { payload: yes.payload } }, 2);
    expect(asked[asked.length - 1].text).toContain(t('feedback.askContact'));
    await say(psid, t('feedback.contactChoice.anonymous'), 3);
    const [saved] = await say(psid, t('feedback.confirmChoice.confirm'));
    const reference = /ПТ-\d{4}-\d{6}/.exec(saved.text)![0];
    expect((await app.feedback.getByReference(reference))).toMatchObject({ kind: 'signal', category: 'street-lighting', description: message, location: 'ул. „Васил Левски“ 12', channel: 'messenger' });
  });

  it('tells what it can read when a picture arrives', async () => {
    const [reply] = await say('6152040112345006', { attachments: [{ type: 'image', payload: { url: 'https://example.invalid/p.jpg' } }] });
    expect(reply.text).toContain(t('bot.unsupported'));
  });

  describe('refuses calls without a valid signature, before any dialog runs', () => {
    const cases: Array<[string, (raw: string) => string | null, string]> = [
      ['no signature', () => null, '6152040199999001'],
      ['a signature made with another secret', (raw) => sign(raw, 'another-secret'), '6152040199999002'],
      ['a signature of another body', () => sign('{}'), '6152040199999003'],
      ['the bare hex without "sha256="', (raw) => sign(raw).slice('sha256='.length), '6152040199999004'],
      ['the legacy SHA-1 header format', (raw) => `sha1=${createHmac('sha1', APP_SECRET).update(raw).digest('hex')}`, '6152040199999005'],
    ];
    it.each(cases)('%s → 401, nothing sent, no conversation state', async (_name, signatureOf, psid) => {
      const body = webhook(messageEvent(psid, { text: 'Как да получа удостоверение за наследници?' }));
      const res = await post(base, body, signatureOf(JSON.stringify(body)));
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'InvalidSignature', message: expect.any(String) } });

      // A signed message sent afterwards is answered; by then the refused one would have been too.
      await say('6152040100000000', 'Как да получа удостоверение за наследници?');
      expect(api.calls.filter(isSendTo(psid))).toHaveLength(0);
      const keys = await stateKeys();
      expect(keys.some((k) => k.includes(psid))).toBe(false);
      expect(keys).toContain('messenger/conversations/messenger:6152040100000000/');
    });

    it('answers a signed call about something other than a page with 404', async () => {
      const res = await post(base, { object: 'instagram', entry: [] });
      expect(res.status).toBe(404);
    });
  });
});

describe('Messenger replies (channel with a stand-in bot)', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }));
  let api: ApiStandIn;
  let server: restify.Server;
  let base: string;
  let replies: Reply[] = [];

  beforeAll(async () => {
    api = await startApiStandIn(graphOk);
    server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    mountMessenger(server, async () => replies, { pageToken: PAGE_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, apiUrl: `${api.url}/`, graphVersion: 'v23.0', maxEventAgeSeconds: 300 }, logger);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
  });

  const sendsTo = (psid: string) => (c: ApiCall) => c.path === '/v23.0/me/messages' && (c.body.recipient as { id?: string }).id === psid;

  it('splits a long answer within 2000 characters, puts 13 shortened quick replies on the last piece and lists the rest', async () => {
    const paragraph = 'Дълъг абзац за проверка на разделянето на текста. '.repeat(12).trim();
    const long = Array.from({ length: 10 }, () => paragraph).join('\n\n');
    const buttons = Array.from({ length: 16 }, (_, i) => ({ title: `Въпрос номер ${i + 1} с дълго заглавие`, value: `въпрос ${i + 1}` }));
    replies = [messageView(long, asked(buttons))];
    const res = await post(base, webhook(messageEvent('long-psid', { text: 'дълго' })));
    expect(res.status).toBe(200);
    const messages = (await api.waitFor(sendsTo('long-psid'), 4)).map(sent);
    expect(messages.every((m) => m.text.length <= 2000)).toBe(true);
    expect(messages.map((m) => m.text).join(' ').replace(/\s+/g, ' ')).toContain(paragraph);
    expect(messages.slice(0, -1).every((m) => m.quick_replies === undefined)).toBe(true);
    const quick = messages[messages.length - 1].quick_replies!;
    expect(quick).toHaveLength(13);
    expect(quick[0]).toEqual({ content_type: 'text', title: 'Въпрос номер 1 с дъ…', payload: 'въпрос 1' });
    expect(quick.every((q) => Array.from(q.title).length <= 20)).toBe(true);
    const lastText = messages[messages.length - 1].text;
    expect(lastText).toContain('1. Въпрос номер 14 с дълго заглавие');
    expect(lastText).toContain('3. Въпрос номер 16 с дълго заглавие');
  });

  it('splits a long answer only at the end of a sentence or a line, and keeps quick-reply titles distinct within 20 characters', async () => {
    // One paragraph of sentences, longer than a message, with abbreviations that end in a dot mid-sentence.
    const sentences = Array.from({ length: 60 }, (_, i) => `Изречение ${i + 1} е за сигнал на ул. „Рила“ в гр. Петрич от 2026 г. и се чете цяло.`);
    const titles = ['Разрешение за отсичане на дървета и лозя в земеделска земя (над 5 дървета или лозя над 1 декар)', 'Разрешение за отсичане на дърво (в двора, в града или в селото)', 'Удостоверение за наследници', 'Удостоверение за настоящ адрес', 'Да', 'Не'];
    replies = [messageView(sentences.join(' '), asked(titles.map((title, i) => ({ title, value: `избор ${i}` }))))];
    await post(base, webhook(messageEvent('sentence-psid', { text: 'дълго' })));
    const messages = (await api.waitFor(sendsTo('sentence-psid'), 3)).map(sent);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(2000);
      expect(m.text).toMatch(/^Изречение \d+ .* се чете цяло\.$/s);
    }
    expect(messages.map((m) => m.text).join(' ')).toBe(sentences.join(' '));
    const quick = messages[messages.length - 1].quick_replies!.map((q) => q.title);
    expect(quick.every((title) => Array.from(title).length <= 20)).toBe(true);
    expect(new Set(quick).size).toBe(titles.length);
    expect(quick.slice(-2)).toEqual(['Да', 'Не']);
  });

  it('logs a message the Graph API refuses, sends nothing more of that turn, and keeps serving', async () => {
    api.answer = () => ({ status: 400, body: { error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, fbtrace_id: 'x' } } });
    try {
      replies = [messageView('първо'), messageView('второ')];
      await post(base, webhook(messageEvent('late-psid', { text: 'здравей' })));
      await api.waitFor(sendsTo('late-psid'));
      const deadline = Date.now() + 5000;
      while (!lines.some((l) => l.msg === 'messenger send failed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'messenger send failed', status: 400, code: 10 }));
      expect(JSON.stringify(lines)).not.toContain(PAGE_TOKEN);
      expect(api.calls.filter(sendsTo('late-psid'))).toHaveLength(1);
    } finally {
      api.answer = graphOk;
    }
    replies = [messageView('отново тук')];
    await post(base, webhook(messageEvent('back-psid', { text: 'здравей' })));
    const [back] = (await api.waitFor(sendsTo('back-psid'))).map(sent);
    expect(back).toEqual({ text: 'отново тук' });
  });
});
