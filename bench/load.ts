// What the HTTP benches share: a loopback stand-in of the Bot Framework connector, free ports,
// waiting for a process to answer, and driving turns through /api/messages at a given concurrency.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export { freePort } from '../test/support/instances.js';

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
export const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

/** The Bot Framework connector: every reply the bots send lands here and gets a 200. */
export async function startConnector(): Promise<{ url: string; server: Server; received: () => number }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"r${received}"}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, received: () => received };
}


export async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    if (await fetch(url).then((r) => r.status < 500, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${url} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Target {
  name: string;
  base: string;
}

let sequence = 0;
/** One message of one conversation; resolves when the bot has finished the turn (its replies are sent). */
export async function turn(target: Target, connectorUrl: string, conversation: string, text: string): Promise<number> {
  sequence += 1;
  const t0 = performance.now();
  const res = await fetch(`${target.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message', id: `b${sequence}`, text, channelId: 'bench', serviceUrl: connectorUrl, locale: 'bg-BG',
      from: { id: `user-${conversation}` }, recipient: { id: 'bot' }, conversation: { id: conversation },
    }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${target.name} answered ${res.status}`);
  return performance.now() - t0;
}

/** `turns` turns spread over `concurrency` conversations that each talk in sequence. */
export async function load(target: Target, connectorUrl: string, questions: string[], label: string, turns: number, concurrency: number, turnsPerConversation: number): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = 0; ; n += 1) {
        const i = next++;
        if (i >= turns) return;
        const conversation = `${label}-${worker}-${Math.floor(n / turnsPerConversation)}`;
        latencies.push(await turn(target, connectorUrl, conversation, questions[i % questions.length]));
      }
    }),
  );
  return { perSecond: (turns / (performance.now() - t0)) * 1000, latencies };
}

