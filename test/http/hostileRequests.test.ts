// Requests that ended or starved the process (issue 11, items 1, 2, 4, 7, 8 and 9), each sent to the
// real server on a loopback port. Every one must get a 4xx (or a closed socket) and leave the server
// answering; nothing a stranger sends may hold memory, descriptors or temporary files.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { startApiStandIn, viberOk, type ApiStandIn } from '../support/apiStandIn.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

const VIBER_TOKEN = 'hostile-test-viber-token';
let assistant: Assistant;
let viberApi: ApiStandIn;
let connector: CaptureServer;
const stops: Array<() => Promise<void>> = [];

async function start(env: Record<string, string> = {}): Promise<{ app: App; base: string; port: number }> {
  const { dir, cleanup } = await withTempDir();
  const config = readConfig({ DATA_DIR: dir, KNOWLEDGE_DIR: paths.knowledgeDir, VIBER_AUTH_TOKEN: VIBER_TOKEN, VIBER_API_URL: `${viberApi.url}/pa`, DIRECTLINE_TOKEN_SECRET: 'hostile-secret', ...env });
  const app = await createApp(config, createLogger('silent'), { assistant });
  const { port } = await app.server.listen(0, '127.0.0.1');
  stops.push(async () => {
    await app.stop();
    await cleanup();
  });
  return { app, base: `http://127.0.0.1:${port}`, port };
}

beforeAll(async () => {
  assistant = await Assistant.load(paths);
  viberApi = await startApiStandIn(viberOk);
  connector = await startCaptureServer();
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await viberApi.close();
  await connector.close();
});

/** Sends raw bytes and collects everything the server answers until it closes the socket (at most `waitMs`). */
async function raw(port: number, request: string, waitMs = 5000): Promise<{ text: string; closed: boolean }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let text = '';
  socket.setEncoding('utf8').on('data', (d: string) => (text += d));
  socket.write(request);
  const closed = await Promise.race([once(socket, 'close').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), waitMs))]);
  socket.destroy();
  return { text, closed };
}

async function alive(base: string): Promise<boolean> {
  return (await fetch(`${base}/healthz`)).status === 200;
}

describe('item 1: compressed bodies are refused, never inflated', () => {
  let base: string;
  beforeAll(async () => ({ base } = await start()));

  it.each(['/api/directline/token', '/api/viber', '/staff/login', '/api/messages'])('POST %s with Content-Encoding: gzip → 415, and the server lives', async (path) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{"x":1}' });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: { code: 'UnsupportedContentEncoding', message: expect.any(String) } });
    expect(await alive(base)).toBe(true);
  });

  it('a real gzip bomb (16 MB of zeros in a few kilobytes) is refused unread', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    expect(res.status).toBe(415);
    // Nothing near the inflated size was ever buffered.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
  });

  it('a body over the limit is refused with 413, counted in bytes received', async () => {
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(300 * 1024) }) });
    expect(res.status).toBe(413);
    expect(await alive(base)).toBe(true);
  });
});

describe('item 2: every upgrade request is answered and its socket closed', () => {
  let base: string;
  let port: number;
  beforeAll(async () => ({ base, port } = await start()));

  const upgrade = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

  it('a stream path with a malformed escape → 400, closed', async () => {
    const { text, closed } = await raw(port, upgrade('/v3/directline/conversations/%E0%A4%A/stream?t=x'));
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(closed).toBe(true);
    expect(await alive(base)).toBe(true);
  });

  it('a URL that does not parse (//[) → 400, closed', async () => {
    const { text, closed } = await raw(port, upgrade('//['));
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(closed).toBe(true);
    expect(await alive(base)).toBe(true);
  });

  it('upgrades to any other path → 404, and none of 50 sockets stays open', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => raw(port, upgrade('/healthz'))));
    expect(results.every((r) => r.closed && /^HTTP\/1\.1 404/.test(r.text))).toBe(true);
    expect(await alive(base)).toBe(true);
  });

  it('a stream upgrade with a wrong token → 403, closed', async () => {
    const { text, closed } = await raw(port, upgrade('/v3/directline/conversations/abc/stream?t=forged'));
    expect(text).toMatch(/^HTTP\/1\.1 403/);
    expect(closed).toBe(true);
  });
});

describe('item 4: multipart bodies are refused and nothing is written to the temporary folder', () => {
  let base: string;
  beforeAll(async () => ({ base } = await start()));

  it.each(['/api/messages', '/staff/login', '/api/directline/token', '/v3/directline/conversations'])('POST %s multipart → 415', async (path) => {
    const uploadsBefore = (await readdir(tmpdir())).filter((n) => n.startsWith('upload_')).length;
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(200 * 1024, 1)]), 'big.bin');
    const res = await fetch(`${base}${path}`, { method: 'POST', body: form });
    expect(res.status).toBe(415);
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('upload_')).length).toBe(uploadsBefore);
  });
});

describe('item 7: odd names and deep values get a 4xx, not a 500', () => {
  let base: string;
  beforeAll(async () => ({ base } = await start()));

  it.each(['constructor', '__proto__', 'hasOwnProperty', 'toString'])('GET /static/%s → 404', async (name) => {
    const res = await fetch(`${base}/static/${name}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toHaveProperty('error.code', 'NotFound');
  });

  it('a value nested 100,000 deep is refused with 400, and the Direct Line transcript still answers', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const { token, conversationId } = (await (await fetch(`${base}/api/directline/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth });
    const url = `${base}/v3/directline/conversations/${conversationId}/activities`;
    const post = await fetch(url, { method: 'POST', headers: auth, body: `{"type":"message","value":${deep}}` });
    expect(post.status).toBe(400);
    expect(await post.json()).toHaveProperty('error.code', 'TooDeep');
    expect((await fetch(url, { headers: auth })).status).toBe(200);
    const direct = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"type":"message","value":${deep}}` });
    expect(direct.status).toBe(400);
  });
});

describe('item 8: slow requests and too many connections are cut off', () => {
  it('a body that never finishes gets 408 and its connection is closed', async () => {
    const { port } = await start({ REQUEST_TIMEOUT: '1' });
    const { text, closed } = await raw(port, 'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":', 10_000);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(closed).toBe(true);
  });

  it('connections beyond MAX_CONNECTIONS are closed at once', async () => {
    const { base, port } = await start({ MAX_CONNECTIONS: '10' });
    const sockets: Socket[] = [];
    let closedByServer = 0;
    for (let i = 0; i < 20; i += 1) {
      const s = connect(port, '127.0.0.1');
      s.on('close', () => (closedByServer += 1));
      s.on('error', () => undefined);
      sockets.push(s);
      await once(s, 'connect');
    }
    const deadline = Date.now() + 5000;
    while (closedByServer < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(closedByServer).toBe(10);
    for (const s of sockets) s.destroy();
    const until = Date.now() + 5000;
    while (!(await alive(base).catch(() => false)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await alive(base)).toBe(true);
  });
});

describe("item 9: /api/messages cannot reach another channel's conversations", () => {
  const activity = (channelId: string, conversation: string) => ({
    type: 'message', id: `m-${conversation}`, text: 'Потвърждавам', channelId, serviceUrl: connector.url, locale: 'bg-BG',
    from: { id: 'attacker' }, recipient: { id: 'bot' }, conversation: { id: conversation }, deliveryMode: 'expectReplies',
  });
  const post = (base: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it("a Viber citizen's dialog cannot be continued through /api/messages", async () => {
    const { app, base } = await start();
    const victim = 'victim-user==';
    const event = { event: 'message', timestamp: Date.now(), message_token: 77, sender: { id: victim, name: 'В' }, message: { type: 'text', text: 'Искам да подам жалба' } };
    const rawBody = JSON.stringify(event);
    const signature = createHmac('sha256', VIBER_TOKEN).update(rawBody).digest('hex');
    await fetch(`${base}/api/viber`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-viber-content-signature': signature }, body: rawBody });
    await viberApi.waitFor((c) => c.body.receiver === victim);
    const before = JSON.stringify(await app.storage.read([`viber/conversations/viber:${victim}/`]));

    for (const channel of ['viber', 'Viber', ' viber', 'directline']) {
      const res = await post(base, activity(channel, `viber:${victim}`));
      expect(res.status).toBe(403);
    }
    expect(JSON.stringify(await app.storage.read([`viber/conversations/viber:${victim}/`]))).toBe(before);
  });

  it('without an app id, a caller relayed by a proxy is refused unless it sends BOT_ENDPOINT_SECRET', async () => {
    const open = await start();
    const relayed = { 'x-forwarded-for': '203.0.113.9' };
    expect((await post(open.base, activity('emulator', 'c-1'), relayed)).status).toBe(401);
    expect((await post(open.base, activity('emulator', 'c-2'))).status).toBe(200);

    const withSecret = await start({ BOT_ENDPOINT_SECRET: 'a-long-shared-secret' });
    expect((await post(withSecret.base, activity('emulator', 'c-3'), { ...relayed, authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(withSecret.base, activity('emulator', 'c-4'), { ...relayed, authorization: 'Bearer a-long-shared-secret' })).status).toBe(200);
  });
});
