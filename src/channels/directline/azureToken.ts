// WEBCHAT_DIRECTLINE=azure: the page talks to Azure Bot Service's Direct Line instead of this
// server's. The server exchanges its Direct Line secret for a conversation token, so the secret
// never reaches the browser.
import type * as restify from 'restify';
import type { DirectLineConfig } from '../../config/config.js';
import type { ClientAddressOf } from '../../http/clientAddress.js';
import { sendJsonError } from '../../http/jsonError.js';
import { RateLimiter } from '../../http/rateLimit.js';
import type { Logger } from '../../common/logger.js';

export function mountAzureDirectLineToken(server: restify.Server, config: DirectLineConfig, logger: Logger, clientAddressOf: ClientAddressOf): void {
  // Each token costs a call to Azure: as many a minute per client as the self-hosted endpoint allows.
  const limiter = new RateLimiter(config.tokensPerMinute, 60_000);
  server.post('/api/directline/token', async (req: restify.Request, res: restify.Response) => {
    if (!limiter.take(clientAddressOf(req))) {
      res.setHeader('retry-after', '60');
      sendJsonError(res, 429, 'TooManyTokens', 'too many chat tokens from this address; try again in a minute');
      return;
    }
    try {
      const answer = await fetch(`${config.azureUrl}/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.azureSecret}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (!answer.ok) throw new Error(`Direct Line answered ${answer.status}`);
      const { token, expires_in } = (await answer.json()) as { token: string; expires_in: number };
      res.json({ token, expires_in, domain: config.azureUrl });
    } catch (err) {
      logger.error({ err }, 'could not get an Azure Direct Line token');
      sendJsonError(res, 502, 'DirectLineUnavailable', 'the chat service is not reachable');
    }
  });
}
