// Issue 20, item 2: the real server (a child process) stopped by SIGTERM, as its supervisor does
// (deploy/obshtina-chatbot.service). A Viber turn whose reply the platform holds up is running and
// another turn of the same user waits behind it in the channel's queue: after the signal a new
// connection is refused, both turns finish (their replies reach the platform) and the process exits 0.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { freePort } from '../support/instances.js';
import { paths, root, serverArgs } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

const TOKEN = '4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51e';

/** A Viber REST API stand-in whose answers wait until the test releases them. */
interface HeldApi {
  url: string;
  /** The texts sent with send_message, in the order they arrived. */
  sent: string[];
  release(): void;
  close(): Promise<void>;
}

async function startHeldApi(): Promise<HeldApi> {
  const sent: string[] = [];
  let released = false;
  const waiting: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8').on('data', (d: string) => (data += d));
    req.on('end', () => {
      const body = (data ? JSON.parse(data) : {}) as { text?: string };
      if (req.url?.endsWith('/send_message')) sent.push(body.text ?? '');
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 0, status_message: 'ok', message_token: sent.length }));
      };
      if (released) answer();
      else waiting.push(answer);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    release() {
      released = true;
      waiting.splice(0).forEach((answer) => answer());
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let seq = 0;
async function viberMessage(base: string, userId: string, text: string): Promise<number> {
  const raw = JSON.stringify({
    event: 'message', timestamp: Date.now(), chat_hostname: 'SN-376_', message_token: 7_100_000_000_000_000 + ++seq,
    sender: { id: userId, name: 'Иван', language: 'bg', country: 'BG', api_version: 10 }, message: { type: 'text', text }, silent: false,
  });
  const res = await fetch(`${base}/api/viber`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-viber-content-signature': createHmac('sha256', TOKEN).update(raw).digest('hex') },
    body: raw,
  });
  await res.text();
  return res.status;
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

async function until(ms: number, what: string, probe: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let api: HeldApi;
let cleanup: () => Promise<void>;
let dataDir: string;
beforeAll(async () => {
  api = await startHeldApi();
  ({ dir: dataDir, cleanup } = await withTempDir());
});
afterAll(async () => {
  api.release();
  await api.close();
  await cleanup();
});

describe('SIGTERM', () => {
  it('refuses new connections, lets the running and the queued turn finish, and exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child: ChildProcess = spawn(process.execPath, serverArgs, {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, KNOWLEDGE_DIR: paths.knowledgeDir, LOG_LEVEL: 'silent', VIBER_AUTH_TOKEN: TOKEN, VIBER_API_URL: api.url },
      stdio: 'ignore',
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      await until(60_000, 'the server answers', () => fetch(`${base}/healthz`).then((r) => r.ok, () => false));

      // The first turn's reply is held by the platform; the second turn of the same user waits behind it.
      expect(await viberMessage(base, 'stop-user', 'Как да получа удостоверение за наследници?')).toBe(200);
      await until(10_000, 'the first reply reached the platform', () => api.sent.length > 0);
      expect(await viberMessage(base, 'stop-user', 'Искам да подам жалба')).toBe(200);

      child.kill('SIGTERM');
      await until(5_000, 'a new connection is refused after the signal', () => refused(port));
      expect(child.exitCode).toBeNull(); // still finishing the held turn

      api.release();
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      // The queued turn ran and its reply went out: the feedback dialog's first question.
      expect(api.sent.some((text) => /Какво искате да подадете|Опишете/.test(text))).toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
