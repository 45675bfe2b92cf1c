// The Direct Line WebSocket stream: on connect, the transcript after the client's watermark, then
// every new activity of the conversation. Bounded: a few streams per conversation, small frames
// from the client, and a client that does not read is dropped (it can poll instead).
import type { Activity } from 'botbuilder';
import { WebSocketServer, type WebSocket } from 'ws';
import { rejectUpgrade, type UpgradeRouter } from '../../http/upgrades.js';
import { bearer, type DirectLineContext } from './shared.js';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
/** Clients never send over the stream; a frame larger than this closes it. */
export const MAX_STREAM_PAYLOAD = 4 * 1024;
/** Bytes waiting for a stream client that does not read; past this the stream is dropped (the client can poll). */
export const MAX_STREAM_BUFFERED = 1024 * 1024;
/** Streams open on one conversation at most; a new one closes the oldest. */
export const MAX_STREAMS_PER_CONVERSATION = 4;

/** Registers the stream's upgrade route; returns what closes every stream. */
export function mountStream(upgrades: UpgradeRouter, dl: DirectLineContext): () => void {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_STREAM_PAYLOAD });
  /** This process's streams of each conversation. */
  const streams = new Map<string, WebSocket[]>();

  const attach = (id: string, ws: WebSocket, watermark: number) => {
    const open = streams.get(id) ?? [];
    while (open.length >= MAX_STREAMS_PER_CONVERSATION) open.shift()?.terminate();
    open.push(ws);
    streams.set(id, open);
    const send = (activities: Array<Partial<Activity>>, mark: number) => {
      if (ws.readyState !== ws.OPEN) return;
      // A client that does not read would make the server hold everything sent to it.
      if (ws.bufferedAmount > MAX_STREAM_BUFFERED) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify({ activities, watermark: String(mark) }));
    };
    // The backlog after the client's watermark first, then each new activity.
    const unsubscribe = dl.store.subscribe(id, watermark, { send, end: () => ws.terminate() });
    const forget = () => {
      unsubscribe();
      const left = (streams.get(id) ?? []).filter((s) => s !== ws);
      if (left.length > 0) streams.set(id, left);
      else streams.delete(id);
    };
    ws.on('close', forget);
    ws.on('error', forget);
  };

  upgrades.add(STREAM_PATH, async (req, socket, head, url, match) => {
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      rejectUpgrade(socket, 400); // a malformed escape in the path
      return;
    }
    const claims = await dl.tokens.verify(url.searchParams.get('t') ?? bearer(req) ?? '');
    if (!claims || claims.conversationId !== id || !(await dl.store.exists(id))) {
      rejectUpgrade(socket, 403);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => attach(id, ws, Number(url.searchParams.get('watermark') ?? 0) || 0));
  });

  return () => {
    for (const ws of sockets.clients) ws.terminate();
    sockets.close();
  };
}
