// A loopback stand-in for the Bot Framework connector: records what the bot posts to its serviceUrl.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedPost {
  path: string;
  body: Record<string, unknown>;
}

export interface CaptureServer {
  url: string;
  posts: CapturedPost[];
  /** Resolves with the first post for which the predicate holds (waits up to 10 s). */
  next(predicate?: (p: CapturedPost) => boolean): Promise<CapturedPost>;
  close(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const posts: CapturedPost[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8').on('data', (d: string) => (data += d));
    req.on('end', () => {
      posts.push({ path: decodeURIComponent(req.url ?? ''), body: data ? (JSON.parse(data) as Record<string, unknown>) : {} });
      waiters.splice(0).forEach((w) => w());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `r${posts.length}` }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    posts,
    async next(predicate = () => true) {
      const deadline = Date.now() + 10_000;
      let seen = 0;
      for (;;) {
        const found = posts.slice(seen).find(predicate);
        if (found) return found;
        seen = posts.length;
        if (Date.now() > deadline) throw new Error(`no matching post; got ${JSON.stringify(posts.map((p) => p.path))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
