// Viber through the real app: signed webhook calls to /api/viber, replies at a loopback stand-in
// for the Viber REST API. The HMAC is computed here, independently of the channel's code.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { pino } from 'pino';
import * as restify from 'restify';
import { Assistant } from '../../src/answer/assistant.js';
import { messageView } from '../../src/answer/reply.js';
import type { Reply } from '../../src/channels/message.js';
import { createApp, type App } from '../../src/app.js';
import { mountViber } from '../../src/channels/viber/viberChannel.js';
import { readConfig } from '../../src/config/config.js';
import type { Translate } from '../../src/common/i18n.js';
import { createLogger } from '../../src/common/logger.js';
import { startApiStandIn, viberOk, type ApiCall, type ApiStandIn } from '../support/apiStandIn.js';
import { paths, root } from '../support/paths.js';
import { stateKeys as stateFileKeys } from '../support/stateFiles.js';
import { withTempDir } from '../support/tempDir.js';

/** Buttons that say a text when tapped. */
const asked = (buttons: Array<{ title: string; value: string }>) => buttons.map((b) => ({ title: b.title, value: { action: 'ask' as const, text: b.value } }));

const TOKEN = '4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51e';
const BOT_NAME = 'Община Петрич';

interface ViberButton {
  ActionType: string;
  ActionBody: string;
  Text: string;
  Columns: number;
  Rows: number;
  Silent?: boolean;
}
interface SentMessage {
  receiver: string;
  min_api_version: number;
  sender: { name: string; avatar?: string };
  type: string;
  text: string;
  keyboard?: { Type: string; DefaultHeight: boolean; Buttons: ViberButton[] };
}

const sign = (raw: string, token = TOKEN) => createHmac('sha256', token).update(raw).digest('hex');

let seq = 0;
const messageEvent = (userId: string, message: Record<string, unknown>) => ({
  event: 'message',
  timestamp: Date.now(),
  chat_hostname: 'SN-376_',
  message_token: 5_400_000_000_000_000 + ++seq,
  sender: { id: userId, name: 'Иван', avatar: 'https://example.invalid/a.jpg', language: 'bg', country: 'BG', api_version: 10 },
  message,
  silent: false,
});
const text = (userId: string, body: string) => messageEvent(userId, { type: 'text', text: body });

function post(base: string, event: unknown, signature: string | null = 'valid'): Promise<Response> {
  const raw = JSON.stringify(event);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-viber-content-signature'] = signature === 'valid' ? sign(raw) : signature;
  return fetch(`${base}/api/viber`, { method: 'POST', headers, body: raw });
}

const isSendTo = (userId: string) => (c: ApiCall) => c.path === '/pa/send_message' && c.body.receiver === userId;
const sent = (c: ApiCall) => c.body as unknown as SentMessage;

describe('Viber through the real app', () => {
  let assistant: Assistant;
  let api: ApiStandIn;
  let app: App;
  let base: string;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  let t: Translate;

  /** Sends a text as `userId` and resolves with the messages the bot sent for it. */
  async function say(userId: string, body: string | Record<string, unknown>, expected = 1): Promise<SentMessage[]> {
    const before = api.calls.filter(isSendTo(userId)).length;
    const res = await post(base, typeof body === 'string' ? text(userId, body) : messageEvent(userId, body));
    expect(res.status).toBe(200);
    const calls = await api.waitFor(isSendTo(userId), before + expected);
    return calls.slice(before).map(sent);
  }

  const stateKeys = async () => {
    await app.storage.flush(); // state is written behind
    return stateFileKeys(dataDir);
  };

  beforeAll(async () => {
    assistant = await Assistant.load(paths);
    t = assistant.renderContext('bg').t;
    api = await startApiStandIn(viberOk);
    ({ dir: dataDir, cleanup } = await withTempDir());
    const config = readConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: paths.knowledgeDir, VIBER_AUTH_TOKEN: TOKEN, VIBER_BOT_NAME: BOT_NAME, VIBER_API_URL: `${api.url}/pa` });
    app = await createApp(config, createLogger('silent'), { assistant });
    const { port } = await app.server.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.stop();
    await api.close();
    await cleanup();
  });

  it("answers Viber's webhook check with 200 and sends nothing", async () => {
    const res = await post(base, { event: 'webhook', timestamp: Date.now(), chat_hostname: 'SN-376_', message_token: 1 });
    expect(res.status).toBe(200);
    expect(api.calls).toHaveLength(0);
  });

  it('conversation_started: the welcome comes back as the response body, with the example questions as a keyboard', async () => {
    const res = await post(base, {
      event: 'conversation_started', timestamp: Date.now(), message_token: 2, type: 'open', context: '',
      user: { id: 'viber-newcomer==', name: 'Мария', language: 'bg', country: 'BG', api_version: 10 }, subscribed: false,
    });
    expect(res.status).toBe(200);
    const welcome = (await res.json()) as SentMessage;
    expect(welcome).toMatchObject({ type: 'text', min_api_version: 7, sender: { name: BOT_NAME } });
    expect(welcome.text).toContain(t('bot.welcome', { municipality: assistant.kb.municipality.name.bg }));
    const titles = welcome.keyboard?.Buttons.map((b) => b.Text);
    expect(titles).toContain(t('bot.switchLanguage'));
    expect(welcome.keyboard?.Buttons.every((b) => b.ActionType === 'reply' && b.Columns === 6 && b.Rows === 1)).toBe(true);
    expect(api.calls.filter(isSendTo('viber-newcomer=='))).toHaveLength(0);
  });

  it('answers a question through send_message, with the rating buttons on the keyboard, and understands a tapped rating', async () => {
    const user = 'heirs-user+1==';
    const [answer] = await say(user, 'Как да получа удостоверение за наследници?');
    const call = api.calls.filter(isSendTo(user))[0];
    expect(call.headers['x-viber-auth-token']).toBe(TOKEN);
    expect(answer).toMatchObject({ receiver: user, min_api_version: 7, sender: { name: BOT_NAME }, type: 'text' });
    expect(answer.text).toContain('Удостоверение за наследници');
    expect(answer.keyboard).toMatchObject({ Type: 'keyboard', DefaultHeight: false });
    const buttons = answer.keyboard!.Buttons;
    const useful = buttons.find((b) => b.Text === t('rating.useful'));
    expect(useful).toBeDefined();
    expect(buttons.map((b) => b.Text)).toContain(t('rating.notUseful'));
    expect(useful!.Silent).toBe(true);

    // Viber sends a tapped reply button back as a text message whose text is the ActionBody.
    const [thanks] = await say(user, useful!.ActionBody);
    expect(thanks.text).toContain(t('rating.thanks'));
    expect((await app.ratings.list())).toContainEqual(expect.objectContaining({ entryId: 'heirs-certificate', useful: true, channel: 'viber' }));
  });

  it('understands a tapped related-service button', async () => {
    const user = 'related-user==';
    const [answer] = await say(user, 'Как да получа удостоверение за наследници?');
    const related = answer.keyboard!.Buttons.find((b) => b.ActionBody.includes('"entry"'));
    expect(related).toBeDefined();
    const id = (JSON.parse(related!.ActionBody) as { id: string }).id;
    const title = assistant.kb.byId.get(id)!.title.bg;
    const [next] = await say(user, related!.ActionBody);
    expect(next.text).toContain(title);
  });

  it('remembers the service just answered for a follow-up', async () => {
    const user = 'follow-up-user==';
    await say(user, 'Как да получа удостоверение за наследници?');
    const [followUp] = await say(user, 'а колко струва?');
    expect(followUp.text).toContain('Удостоверение за наследници');
    expect(followUp.text).toContain('Срокове и такси');
  });

  it('turns a shared location into the place of a signal', async () => {
    const user = 'signal-user==';
    await say(user, 'Искам да подам сигнал', 2);
    await say(user, 'Счупена улична лампа пред блока от седмица.');
    const [askContact] = await say(user, { type: 'location', location: { lat: 41.39734, lon: 23.20711 } });
    expect(askContact.text).toContain(t('feedback.askContact'));
    const [, summary] = await say(user, t('feedback.contactChoice.anonymous'), 3); // the law on anonymous records, then the summary
    expect(summary.text).toContain(t('feedback.sharedLocation', { lat: '41.39734', lon: '23.20711' }));
  });

  it('keeps the address Viber sends with a shared location, beside the coordinates', async () => {
    const user = 'address-user==';
    await say(user, 'Искам да подам сигнал', 2);
    await say(user, 'Счупена пейка на спирката от два дни.');
    const address = 'ул. „Рила“ 5, 2850 Петрич, България';
    await say(user, { type: 'location', location: { lat: 41.39734, lon: 23.20711, address } });
    const [, summary] = await say(user, t('feedback.contactChoice.anonymous'), 3);
    const place = t('feedback.sharedPlace', { address, lat: '41.39734', lon: '23.20711' });
    expect(summary.text).toContain(place);
    const [saved] = await say(user, t('feedback.confirmChoice.confirm'));
    expect((await app.feedback.getByReference(/ПТ-\d{4}-\d{6}/.exec(saved.text)![0]))).toMatchObject({ kind: 'signal', location: place });
  });

  it('registers a report told in the citizen\'s own words: its category, the message as the description, the place from it, a reference', async () => {
    const user = 'report-user==';
    const message = 'Контейнерите на ул. „Рила“ 5 не са извозени от две седмици.';
    const [offer] = await say(user, message);
    expect(offer.text).toMatch(/Разбрах: .*отпадъци/);
    const yes = offer.keyboard!.Buttons.find((b) => b.Text === t('report.yes'))!;
    const asked = await say(user, yes.ActionBody, 2);
    expect(asked[asked.length - 1].text).toContain(t('feedback.askContact'));
    await say(user, t('feedback.contactChoice.anonymous'), 3);
    const [saved] = await say(user, t('feedback.confirmChoice.confirm'));
    const reference = /ПТ-\d{4}-\d{6}/.exec(saved.text)![0];
    expect((await app.feedback.getByReference(reference))).toMatchObject({ kind: 'signal', category: 'waste', description: message, location: 'ул. „Рила“ 5', channel: 'viber' });
  });

  it('tells what it can read when a picture arrives', async () => {
    const [reply] = await say('picture-user==', { type: 'picture', text: '', media: 'https://example.invalid/p.jpg' });
    expect(reply.text).toContain(t('bot.unsupported'));
  });

  describe('refuses calls without a valid signature, before any dialog runs', () => {
    const cases: Array<[string, string | null, string]> = [
      ['no signature', null, 'unsigned-user=='],
      ['a signature made with another token', 'other-token', 'forged-user=='],
      ['a signature that is not hex', 'zz'.repeat(32), 'garbled-user=='],
      ['a signature of another body', 'other-body', 'replayed-user=='],
    ];
    it.each(cases)('%s → 401, nothing sent, no conversation state', async (_name, kind, user) => {
      const event = text(user, 'Как да получа удостоверение за наследници?');
      const raw = JSON.stringify(event);
      const signature = kind === null ? null : kind === 'other-token' ? sign(raw, 'another-token') : kind === 'other-body' ? sign('{}') : kind;
      const res = await post(base, event, signature);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'InvalidSignature', message: expect.any(String) } });

      // A signed message sent afterwards is answered; by then the refused one would have been too.
      await say('after-refusal==', 'Как да получа удостоверение за наследници?');
      expect(api.calls.filter(isSendTo(user))).toHaveLength(0);
      expect((await stateKeys()).some((k) => k.includes(user))).toBe(false);
      expect(await stateKeys()).toContain('viber/conversations/viber:after-refusal==/');
    });
  });
});

describe('Viber replies (channel with a stand-in bot)', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }));
  let api: ApiStandIn;
  let server: restify.Server;
  let base: string;
  let replies: Reply[] = [];
  /** Incoming texts that take a while to answer. */
  const slow = new Set(['медленно']);

  beforeAll(async () => {
    api = await startApiStandIn(viberOk);
    server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    mountViber(server, async (activity) => {
      if (slow.has(activity.text ?? '')) await new Promise((r) => setTimeout(r, 300));
      return activity.text === 'ехо' || slow.has(activity.text ?? '') ? [messageView(`отговор на ${activity.text}`)] : replies;
    }, { authToken: TOKEN, botName: 'Община с много дълго име над двадесет и осем знака', botAvatar: 'https://example.invalid/logo.png', apiUrl: `${api.url}/pa`, maxEventAgeSeconds: 300 }, logger);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
  });

  it('splits a long answer within 2000 characters (as Messenger does), keeps 24 buttons on the keyboard of the last piece and lists the rest', async () => {
    const paragraph = 'Дълъг абзац за проверка на разделянето на текста. '.repeat(40).trim();
    const long = Array.from({ length: 12 }, () => paragraph).join('\n\n');
    const buttons = Array.from({ length: 30 }, (_, i) => ({ title: `Въпрос номер ${i + 1} с дълго заглавие, което не се побира`, value: `въпрос ${i + 1}` }));
    replies = [messageView(long, asked(buttons))];
    const res = await post(base, text('long-user==', 'дълго'));
    expect(res.status).toBe(200);
    // The keyboard comes with the last piece, sent after all the others.
    await api.waitFor((c) => isSendTo('long-user==')(c) && sent(c).keyboard !== undefined);
    const messages = api.calls.filter(isSendTo('long-user==')).map(sent);
    expect(messages.length).toBeGreaterThan(12);
    expect(messages.every((m) => m.text.length <= 2000)).toBe(true);
    expect(messages.map((m) => m.text).join(' ').replace(/\s+/g, ' ')).toContain(paragraph);
    expect(messages.slice(0, -1).every((m) => m.keyboard === undefined)).toBe(true);
    const last = messages[messages.length - 1];
    expect(last.keyboard!.Buttons).toHaveLength(24);
    expect(last.keyboard!.Buttons[0]).toMatchObject({ ActionType: 'reply', ActionBody: 'въпрос 1', Columns: 6, Rows: 1 });
    expect(last.keyboard!.Buttons[0].Silent).toBeUndefined();
    expect(last.keyboard!.Buttons.every((b) => Array.from(b.Text).length <= 40)).toBe(true);
    expect(last.text).toContain('1. Въпрос номер 25');
    expect(last.text).toContain('6. Въпрос номер 30');
    expect(last.sender.name.length).toBeLessThanOrEqual(28);
    expect(last.sender.avatar).toBe('https://example.invalid/logo.png');
  });

  it("runs one user's turns one after another, while another user's turn does not wait", async () => {
    await post(base, text('ordered-user==', 'медленно'));
    await post(base, text('ordered-user==', 'ехо'));
    await post(base, text('other-user==', 'ехо'));
    const [other] = (await api.waitFor(isSendTo('other-user=='))).map(sent);
    expect(other.text).toBe('отговор на ехо');
    expect(api.calls.filter(isSendTo('ordered-user=='))).toHaveLength(0);
    const ordered = (await api.waitFor(isSendTo('ordered-user=='), 2)).map(sent);
    expect(ordered.map((m) => m.text)).toEqual(['отговор на медленно', 'отговор на ехо']);
  });

  it('logs a send_message that Viber refuses (status ≠ 0 with HTTP 200) and keeps serving', async () => {
    api.answer = () => ({ status: 200, body: { status: 6, status_message: 'notSubscribed' } });
    try {
      replies = [messageView('първо'), messageView('второ')];
      await post(base, text('gone-user==', 'здравей'));
      await api.waitFor(isSendTo('gone-user=='));
      const deadline = Date.now() + 5000;
      while (!lines.some((l) => l.msg === 'viber send_message failed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'viber send_message failed', status: 6, statusMessage: 'notSubscribed' }));
      // The first failure stops the rest of that turn's messages.
      expect(api.calls.filter(isSendTo('gone-user=='))).toHaveLength(1);
    } finally {
      api.answer = viberOk;
    }
    replies = [messageView('отново тук')];
    const res = await post(base, text('back-user==', 'здравей'));
    expect(res.status).toBe(200);
    const [back] = (await api.waitFor(isSendTo('back-user=='))).map(sent);
    expect(back.text).toBe('отново тук');
  });

  it('logs (and survives) an API that cannot be reached', async () => {
    const broken = restify.createServer({ handleUncaughtExceptions: false });
    broken.use(restify.plugins.bodyParser({ mapParams: false }));
    mountViber(broken, async () => [messageView('никой не чува')], { authToken: TOKEN, botName: 'Община', botAvatar: '', apiUrl: 'http://127.0.0.1:9/pa', maxEventAgeSeconds: 300 }, logger);
    broken.listen(0, '127.0.0.1');
    await once(broken, 'listening');
    try {
      const res = await post(`http://127.0.0.1:${(broken.address() as AddressInfo).port}`, text('nowhere-user==', 'здравей'));
      expect(res.status).toBe(200);
      const deadline = Date.now() + 5000;
      while (!lines.some((l) => l.msg === 'viber send_message failed' && l.err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'viber send_message failed', err: expect.anything() }));
    } finally {
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });
});

describe('npm run viber:webhook', () => {
  let api: ApiStandIn;
  const run = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'src/cli/viberWebhook.ts'), ...args], {
      cwd: root,
      env: { ...process.env, VIBER_AUTH_TOKEN: TOKEN, VIBER_API_URL: `${api.url}/pa`, ...env },
    });
  const failure = async (args: string[], env: Record<string, string> = {}) => {
    const err = (await run(args, env).then(
      () => undefined,
      (e: unknown) => e,
    )) as { code?: number; stdout: string; stderr: string } | undefined;
    expect(err).toBeDefined();
    expect(err!.code).toBe(1);
    return err!.stderr.trimEnd();
  };

  beforeAll(async () => {
    api = await startApiStandIn((call) =>
      call.path === '/pa/set_webhook'
        ? { status: 200, body: { status: 0, status_message: 'ok', event_types: call.body.event_types } }
        : { status: 200, body: { status: 2, status_message: 'not found' } },
    );
  });
  afterAll(async () => api.close());

  it('registers the URL with the auth token and prints Viber\'s answer', async () => {
    const { stdout } = await run(['https://bot.example.bg/api/viber'], {});
    expect(JSON.parse(stdout)).toMatchObject({ status: 0, status_message: 'ok' });
    const [call] = api.calls.filter((c) => c.path === '/pa/set_webhook');
    expect(call.headers['x-viber-auth-token']).toBe(TOKEN);
    expect(call.body).toEqual({ url: 'https://bot.example.bg/api/viber', event_types: expect.arrayContaining(['conversation_started']), send_name: true });
  });

  it('fails with one line when Viber refuses, the token is missing, or the URL is not https', async () => {
    api.answer = () => ({ status: 200, body: { status: 1, status_message: 'Result[HttpRequest failed]' } });
    expect(await failure(['https://bot.example.bg/api/viber'])).toBe('Viber set_webhook failed: Result[HttpRequest failed] (status 1)');
    expect(await failure(['https://bot.example.bg/api/viber'], { VIBER_AUTH_TOKEN: '' })).toBe('VIBER_AUTH_TOKEN is not set');
    expect(await failure(['http://bot.example.bg/api/viber'])).toMatch(/^Viber needs an https:\/\/ webhook URL/);
    expect(await failure(['https://bot.example.bg/api/viber'], { PORT: 'many' })).toBe('cannot start: PORT must be a whole number from 0 to 65535, got "many"');
    expect(await failure([])).toMatch(/^usage: npm run viber:webhook -- https:/);
    expect(await failure(['https://bot.example.bg/api/viber'], { VIBER_API_URL: 'http://127.0.0.1:9/pa' })).toMatch(/^cannot reach the Viber API/);
  });
});
