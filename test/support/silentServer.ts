// A loopback serviceUrl that takes every request and never answers, as a stalled Bot Framework
// connector would: the bot's outbound send to it hangs until the bot gives up.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SilentServer {
  url: string;
  /** Requests received so far (none of them answered). */
  received(): number;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const pending: IncomingMessage[] = [];
  const server: Server = createServer((req) => {
    pending.push(req);
    req.resume();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received: () => pending.length,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
