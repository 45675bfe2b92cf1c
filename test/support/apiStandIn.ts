// A loopback stand-in for a messaging platform's API (Viber REST, Graph Send API): records every
// call and answers like the real API, or however a test says.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  /** The path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface ApiStandIn {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  url: string;
  calls: ApiCall[];
  /** How calls are answered; tests may swap it. */
  answer: (call: ApiCall, index: number) => ApiAnswer;
  /** Resolves with the calls for which the predicate holds once there are `count` of them (waits up to 10 s). */
  waitFor(predicate: (call: ApiCall) => boolean, count?: number): Promise<ApiCall[]>;
  close(): Promise<void>;
}

/** Viber's success answer (HTTP 200, status 0). */
export const viberOk = (_call: ApiCall, index: number): ApiAnswer => ({ status: 200, body: { status: 0, status_message: 'ok', message_token: 5_000_000 + index } });

/** The Graph Send API's success answer. */
export const graphOk = (call: ApiCall, index: number): ApiAnswer => ({
  status: 200,
  body: { recipient_id: (call.body.recipient as { id?: string } | undefined)?.id, message_id: `m_${index}` },
});

export async function startApiStandIn(answer: ApiStandIn['answer']): Promise<ApiStandIn> {
  const calls: ApiCall[] = [];
  const waiters = new Set<() => void>();
  const standIn: ApiStandIn = {
    url: '',
    calls,
    answer,
    async waitFor(predicate, count = 1) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = calls.filter(predicate);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`expected ${count} matching call(s), got ${found.length}; all calls: ${JSON.stringify(calls.map((c) => c.path))}`);
        await new Promise<void>((resolve) => {
          waiters.add(resolve);
          setTimeout(() => {
            waiters.delete(resolve);
            resolve();
          }, 200);
        });
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8').on('data', (d: string) => (data += d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const call: ApiCall = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: data ? (JSON.parse(data) as Record<string, unknown>) : {},
      };
      calls.push(call);
      const { status, body } = standIn.answer(call, calls.length);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      for (const wake of waiters) wake();
      waiters.clear();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
