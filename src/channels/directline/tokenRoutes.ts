// Direct Line tokens: one for the web page (a fresh conversation and an anonymous user, limited per
// client address), and the refresh of a token before it expires.
import { randomUUID } from 'node:crypto';
import type * as restify from 'restify';
import type { ClientAddressOf } from '../../http/clientAddress.js';
import { sendJsonError } from '../../http/jsonError.js';
import { RateLimiter } from '../../http/rateLimit.js';
import { BASE, type DirectLineContext } from './shared.js';

export function mountTokenRoutes(server: restify.Server, dl: DirectLineContext, tokensPerMinute: number, clientAddressOf: ClientAddressOf): void {
  const limiter = new RateLimiter(tokensPerMinute, 60_000);

  server.post('/api/directline/token', async (req: restify.Request, res: restify.Response) => {
    if (!limiter.take(clientAddressOf(req))) {
      res.setHeader('retry-after', '60');
      sendJsonError(res, 429, 'TooManyTokens', 'too many chat tokens from this address; try again in a minute');
      return;
    }
    const claims = { conversationId: randomUUID(), userId: `dl_${randomUUID()}` };
    res.json({ token: await dl.tokens.issue(claims), expires_in: dl.tokens.ttlSeconds, conversationId: claims.conversationId, userId: claims.userId });
  });

  server.post(`${BASE}/tokens/refresh`, async (req: restify.Request, res: restify.Response) => {
    const claims = await dl.authorise(req, res);
    if (!claims) return;
    res.json({ token: await dl.tokens.issue(claims), expires_in: dl.tokens.ttlSeconds, conversationId: claims.conversationId });
  });
}
