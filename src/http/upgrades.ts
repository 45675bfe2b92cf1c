// The server's one listener for HTTP upgrades (WebSocket streams). Every upgrade request is answered:
// by the route whose path matches, or with 404 for any other path and 400 for a URL that does not
// parse; a route that fails answers 500. In every case a socket that was not taken over is
// destroyed, so an upgrade can never end the process or hold a descriptor.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Handles one upgrade whose path matched; resolves once the socket is answered or taken over. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, match: RegExpExecArray) => Promise<void>;

export interface UpgradeRouter {
  add(path: RegExp, handler: UpgradeHandler): void;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error' };

/** Answers a plain HTTP status on a socket that was not upgraded, and closes it. */
export function rejectUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  // A peer that never reads must not keep the socket: drop it if the answer is not out soon.
  setTimeout(() => socket.destroy(), 1000).unref();
}

export function routeUpgrades(server: Server, onError: (err: unknown) => void): UpgradeRouter {
  const routes: Array<{ path: RegExp; handler: UpgradeHandler }> = [];
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '', 'http://localhost');
    } catch {
      rejectUpgrade(socket, 400);
      return;
    }
    for (const route of routes) {
      const match = route.path.exec(url.pathname);
      if (!match) continue;
      route.handler(req, socket, head, url, match).catch((err: unknown) => {
        onError(err);
        rejectUpgrade(socket, 500);
      });
      return;
    }
    rejectUpgrade(socket, 404);
  });
  return { add: (path, handler) => void routes.push({ path, handler }) };
}
