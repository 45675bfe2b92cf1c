// Starting a Direct Line conversation (the bot's welcome follows) and reconnecting to it; the reply
// names the WebSocket stream for this host as the client reached it.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type * as restify from 'restify';
import type { DirectLineConversation } from './directLineStore.js';
import { BASE, bearer, fromUser, user, type DirectLineContext } from './shared.js';

/** ws:// or wss:// for this host, as the client reached it (behind a TLS proxy: X-Forwarded-Proto). */
function streamBase(req: restify.Request): string {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim();
  const secure = forwarded ? forwarded === 'https' : (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'wss' : 'ws'}://${req.headers.host}`;
}

export function mountConversationRoutes(server: restify.Server, dl: DirectLineContext): void {
  const conversationReply = (req: restify.Request, c: DirectLineConversation, token: string) => ({
    conversationId: c.id,
    token,
    expires_in: dl.tokens.ttlSeconds,
    streamUrl: `${streamBase(req)}${BASE}/conversations/${encodeURIComponent(c.id)}/stream?t=${encodeURIComponent(token)}`,
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

  server.get(`${BASE}/conversations/:id`, async (req: restify.Request, res: restify.Response) => {
    const claims = await dl.authorise(req, res, req.params.id);
    if (!claims) return;
    res.json(conversationReply(req, await dl.store.open(claims.conversationId, claims.userId), bearer(req)!));
  });
}
