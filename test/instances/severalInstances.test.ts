// Three bot processes on one PostgreSQL database behind a round-robin proxy, as an operator runs
// them behind a load balancer: a citizen's dialog whose turns land on different instances
// completes; 200 feedback submissions spread over the instances get 200 distinct references with
// no gaps; an instance killed with SIGKILL mid-dialog loses nothing acknowledged and the dialog
// goes on elsewhere; a web chat client on one instance receives the answer to an activity posted
// through another; a fact a clerk saves on one instance is answered by all within a second.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import WebSocket from 'ws';
import { BotConversation, COMPLAINT_SCRIPT, REFERENCE } from '../support/botClient.js';
import { visibleText } from '../support/cards.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { runCli, startInstance, stopInstance, type Instance } from '../support/instances.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/roundRobinProxy.js';
import { withTempDir } from '../support/tempDir.js';

const available = await postgresAvailable();
const STAFF = { user: 'maria', password: 'correct-horse-battery' };

let schema: TestSchema;
let connector: CaptureServer;
let instances: Instance[] = [];
let proxy: RoundRobinProxy;
let cleanup: () => Promise<void>;
let tempDir: string;
let env: Record<string, string>;
const references: string[] = [];

const sequenceOf = (reference: string) => Number(reference.split('-').at(-1));

beforeAll(async () => {
  if (!available) return;
  schema = await freshSchema();
  connector = await startCaptureServer();
  const temp = await withTempDir();
  cleanup = temp.cleanup;
  tempDir = temp.dir;
  // The round-robin proxy in front is named in TRUST_PROXY, as the README asks of a load balancer: the
  // per-address connection cap then leaves it alone (200 citizens at once all come through it).
  env = { DATABASE_URL: schema.url, HASH_SALT: 'several-instances-salt', DIRECTLINE_TOKEN_SECRET: 'several-instances-secret', TRUST_PROXY: 'loopback' };
  const added = await runCli('staff', ['add-user', STAFF.user], env, `${STAFF.password}\n`);
  expect(added).toMatchObject({ code: 0 });
  instances = await Promise.all(['a', 'b', 'c'].map((name) => startInstance(temp.dir, name, env)));
  proxy = await startRoundRobinProxy(instances.map((i) => i.base));
}, 180_000);

afterAll(async () => {
  if (!available) return;
  await proxy.close();
  await Promise.all(instances.map(stopInstance));
  await connector.close();
  await schema.drop();
  await cleanup();
});

/** The bot's busy and retry replies (locales: bot.busy, bot.retry). */
const BUSY = /изпратете го отново/;

(available ? describe : describe.skip)('three instances on one PostgreSQL database', () => {
  it("completes a citizen's dialog whose turns land on different instances", async () => {
    const citizen = new BotConversation(proxy.url, connector, 'across-instances');
    const from = proxy.routed.length;
    let last = '';
    for (const line of COMPLAINT_SCRIPT) last = await citizen.say(line);
    expect(new Set(proxy.routed.slice(from)).size).toBe(3);
    const reference = REFERENCE.exec(last)?.[1];
    expect(reference).toBeDefined();
    references.push(reference!);
  }, 60_000);

  it('gives 200 concurrent submissions 200 distinct references with no gaps', async () => {
    const made = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const citizen = new BotConversation(proxy.url, connector, `concurrent-${i}`);
        let last = '';
        for (const line of COMPLAINT_SCRIPT) {
          last = await citizen.say(line);
          // Told the bot is busy (no lock connection within its wait), a citizen sends it again, a few times at most.
          for (let retry = 0; retry < 5 && BUSY.test(last); retry += 1) last = await citizen.say(line);
        }
        return REFERENCE.exec(last)?.[1];
      }),
    );
    expect(made.filter(Boolean)).toHaveLength(200);
    references.push(...(made as string[]));
    const numbers = references.map(sequenceOf).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(references.length);
    expect(numbers).toEqual(Array.from({ length: references.length }, (_, i) => i + 1));
  }, 240_000);

  it('answers a web chat client on instance B for an activity posted through instance A', async () => {
    const [a, b] = instances;
    const token = (await (await fetch(`${a.base}/api/directline/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    const auth = { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' };
    const started = await fetch(`${a.base}/v3/directline/conversations`, { method: 'POST', headers: auth });
    expect(started.status).toBeLessThan(300);
    const socket = new WebSocket(`ws://127.0.0.1:${b.port}/v3/directline/conversations/${encodeURIComponent(token.conversationId)}/stream?t=${encodeURIComponent(token.token)}`);
    const texts: string[] = [];
    socket.on('message', (data: Buffer) => {
      const frame = data.toString();
      if (!frame) return;
      for (const activity of (JSON.parse(frame) as { activities?: Array<Partial<Activity>> }).activities ?? []) {
        if (activity.from?.role === 'bot') texts.push(visibleText(activity));
      }
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const posted = await fetch(`${a.base}/v3/directline/conversations/${encodeURIComponent(token.conversationId)}/activities`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'message', from: { id: 'someone' }, text: 'Как да получа удостоверение за наследници?', locale: 'bg-BG' }),
    });
    expect(posted.status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!texts.some((t) => /наследници/i.test(t)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    socket.close();
    expect(texts.join('\n')).toMatch(/наследници/i);
  }, 30_000);

  it('answers on every instance, within a second, a fee a clerk saved on one of them', async () => {
    const [a] = instances;
    const signIn = await fetch(`${a.base}/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(STAFF).toString(),
      redirect: 'manual',
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const path = '/staff/facts/service/kinship-certificate';
    const page = await (await fetch(`${a.base}${path}`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const saved = await fetch(`${a.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({
        _csrf: csrf, source_title: 'Наредба за определянето и администрирането на местните такси, чл. 110', source_date: '2026-11-27',
        regular_amount: '7', regular_unit: 'days', regular_days: 'working', regular_fee: '13,40', intent: 'save',
      }).toString(),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    const savedAt = Date.now();
    const answeredAt = await Promise.all(
      instances.map(async (instance, i) => {
        for (let attempt = 0; ; attempt++) {
          const answer = await new BotConversation(instance.base, connector, `fee-${i}-${attempt}`).say('Колко струва удостоверение за родствени връзки?');
          if (answer.includes('13,40 €') || Date.now() - savedAt > 5000) return Date.now() - savedAt;
          await new Promise((r) => setTimeout(r, 50));
        }
      }),
    );
    expect(Math.max(...answeredAt)).toBeLessThan(1000);
  }, 30_000);

  it('loses nothing acknowledged when an instance is killed mid-dialog, and the dialog goes on elsewhere', async () => {
    const citizen = new BotConversation(proxy.url, connector, 'killed-mid-dialog');
    await citizen.say(COMPLAINT_SCRIPT[0]);
    await citizen.say(COMPLAINT_SCRIPT[1]);
    const served = instances[proxy.routed.at(-1)!];
    served.process.kill('SIGKILL');
    let last = '';
    for (const line of COMPLAINT_SCRIPT.slice(2)) last = await citizen.say(line);
    const reference = REFERENCE.exec(last)?.[1];
    expect(reference).toBeDefined();
    references.push(reference!);
    const file = join(tempDir, 'export.csv');
    expect(await runCli('staff', ['export-feedback', file], env)).toMatchObject({ code: 0 });
    const exported = await readFile(file, 'utf8');
    for (const r of references) expect(exported).toContain(r);
  }, 60_000);
});
