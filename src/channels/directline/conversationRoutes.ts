// Starting a Direct Line conversation (the bot's welcome follows) and reconnecting to it; the reply
// names the WebSocket stream for this host as the client reached it.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type * as restify from 'restify';
import { queryOf } from '../../http/query.js';
import type { DirectLineConversation } from './directLineStore.js';
import { BASE, bearer, fromUser, user, type DirectLineContext } from './shared.js';

/** ws:// or wss:// for this host, as the client reached it (behind a TLS proxy: X-Forwarded-Proto). */
function streamBase(req: restify.Request): string {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim();
  const secure = forwarded ? forwarded === 'https' : (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'wss' : 'ws'}://${req.headers.host}`;
}

export function mountConversationRoutes(server: restify.Server, dl: DirectLineContext): void {
  /** `watermark`: where the stream starts (a reconnecting client has read up to it). */
  const conversationReply = (req: restify.Request, c: DirectLineConversation, token: string, watermark?: number) => ({
    conversationId: c.id,
    token,
    expires_in: dl.tokens.ttlSeconds,
    streamUrl: `${streamBase(req)}${BASE}/conversations/${encodeURIComponent(c.id)}/stream?t=${encodeURIComponent(token)}${watermark ? `&watermark=${watermark}` : ''}`,
  });

  server.post(`${BASE}/conversations`, async (req: restify.Request, res: restify.Response) => {
    const claims = await dl.authorise(req, res);
    if (!claims) return;
    const c = await dl.store.open(claims.conversationId, claims.userId);
    // Started once, whichever instance the client reaches first: only that one welcomes.
    const first = await dl.store.start(c.id);
    res.status(first ? 201 : 200);
    res.json(conversationReply(req, c, bearer(req)!));
    if (first) {
      const update: Partial<Activity> = { ...fromUser(c.userId, c), type: 'conversationUpdate', id: randomUUID(), membersAdded: [user(c.userId)] };
      void dl.deliver(c, update);
    }
  });

  // Reconnecting (after a dropped stream, or a restart of the server): a fresh token, as Azure's
  // Direct Line gives, and a stream that starts after what the client has read. A watermark past the
  // transcript's (a conversation forgotten meanwhile, started again empty) starts at its beginning.
  server.get(`${BASE}/conversations/:id`, async (req: restify.Request, res: restify.Response) => {
    const claims = await dl.authorise(req, res, req.params.id);
    if (!claims) return;
    const c = await dl.store.open(claims.conversationId, claims.userId);
    const asked = Math.max(0, Math.floor(Number(queryOf(req).get('watermark') ?? 0) || 0));
    const kept = (await dl.store.since(c.id, asked))?.watermark ?? 0;
    res.json(conversationReply(req, c, await dl.tokens.issue(claims), asked <= kept ? asked : 0));
  });
}
