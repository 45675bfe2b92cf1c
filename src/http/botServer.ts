// The HTTP side: restify with its bounds, the Bot Framework endpoint and a health check. The bot
// itself is assembled elsewhere (createBot.ts) and handed in; this module only mounts routes.
import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import type { Config } from '../config/config.js';
import { activityIdentity } from '../common/activityIdentity.js';
import type { Logger } from '../common/logger.js';
import { bodyReader } from './bodyReader.js';
import { isLocalRequest, trustedProxyTest } from './clientAddress.js';
import { limitConnectionsPerAddress } from './connectionLimit.js';
import { sendJsonError } from './jsonError.js';
import { isAllowedServiceUrl } from './serviceUrlGuard.js';
import { routeUpgrades, type UpgradeRouter } from './upgrades.js';

export interface BotServerDeps {
  config: Pick<Config, 'microsoftAppId' | 'serviceUrlAllowList' | 'botEndpointSecret' | 'http' | 'trustProxy'>;
  /** Channel ids the bot serves itself (Direct Line, Viber, Messenger): reachable only through their own verified routes. */
  ownChannels: readonly string[];
  /** Whether the data folder can be written now (for /healthz). */
  storageWritable: () => Promise<boolean>;
  /** With DATABASE_URL: whether the database answers now (for /healthz: degraded while it does not). */
  databaseAnswers?: () => Promise<boolean>;
  /** The number of knowledge entries served, for /healthz. */
  entries: () => number;
  /** The Bot Framework endpoint of the bot (createBot.ts), which authenticates the request itself. */
  bot: { processRequest(req: IncomingMessage, res: ServerResponse): Promise<void> };
  logger: Logger;
}

export interface BotServer {
  server: restify.Server;
  /** Where routes that take over the connection (WebSocket streams) register. */
  upgrades: UpgradeRouter;
  listen(port: number, host: string): Promise<AddressInfo>;
  /**
   * Stops accepting connections at once (a new one is refused) and resolves when the open ones are
   * done: requests in flight are answered, idle keep-alive sockets are closed.
   */
  close(): Promise<void>;
  /** Destroys the connections still open (when a stop's grace has run out). */
  dropConnections(): void;
}

/** The longest a request's headers may take to arrive. */
const HEADERS_TIMEOUT_MS = 10_000;
/**
 * How often Node looks for connections past their header or request deadline. Its default, 30 s,
 * let connections that never finish their headers live three times the deadline.
 */
const DEADLINE_CHECK_MS = 1000;

/** A path whose percent-encoding does not decode (`%E0%A4%A`) is a bad request, whatever the route. */
function hasMalformedPath(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? '').split('?')[0]);
    return false;
  } catch {
    return true;
  }
}

/**
 * Without an app id nobody is authenticated by Bot Framework, so /api/messages is for this machine
 * only (the Emulator, tests, a local connector), or for a caller that knows the shared secret.
 */
function mayCallOpenEndpoint(req: restify.Request, secret: string): boolean {
  if (secret) {
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7).trim() : '');
    const expected = Buffer.from(secret);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return isLocalRequest(req);
}

/**
 * A chat server's requests are small and quick: bound how many connections, from one address and in
 * all, and for how long; a path that does not decode is refused before any route sees it.
 */
function bound(server: restify.Server, config: BotServerDeps['config']): void {
  const timeoutMs = config.http.requestTimeoutSeconds * 1000;
  server.server.maxConnections = config.http.maxConnections;
  server.server.requestTimeout = timeoutMs;
  server.server.headersTimeout = Math.min(timeoutMs, HEADERS_TIMEOUT_MS);
  // Read when the server starts listening, so it is set before (an option of http.createServer, which restify calls without options).
  (server.server as typeof server.server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = DEADLINE_CHECK_MS;
  limitConnectionsPerAddress(server.server, config.http.maxConnectionsPerAddress, trustedProxyTest(config.trustProxy));
  server.pre((req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (!hasMalformedPath(req.url)) return next();
    sendJsonError(res, 400, 'BadRequest', 'the path is not valid percent-encoding');
    return next(false);
  });
}

/** /healthz: unhealthy when the data folder cannot be written, degraded while the database does not answer. */
function healthCheck(deps: BotServerDeps): restify.RequestHandler {
  return async (_req: restify.Request, res: restify.Response) => {
    if (!(await deps.storageWritable())) {
      res.status(503);
      res.json({ status: 'unhealthy', reason: 'the data folder cannot be written', entries: deps.entries() });
      return;
    }
    if (deps.databaseAnswers && !(await deps.databaseAnswers())) {
      res.status(503);
      res.json({ status: 'degraded', reason: 'the database does not answer; turns are refused politely until it is back', entries: deps.entries() });
      return;
    }
    res.json({ status: 'ok', entries: deps.entries() });
  };
}

export function createBotServer(deps: BotServerDeps): BotServer {
  const { config, logger } = deps;
  const open = !config.microsoftAppId;

  const server = restify.createServer({ name: 'obshtina-chatbot', handleUncaughtExceptions: false });
  const timeoutMs = config.http.requestTimeoutSeconds * 1000;
  bound(server, config);
  server.use(bodyReader({ maxBytes: config.http.maxBodyBytes, timeoutMs }));
  const upgrades = routeUpgrades(server.server, (err) => logger.error({ err }, 'upgrade failed'));
  const ownChannels = new Set(deps.ownChannels.map((c) => c.toLowerCase()));

  server.get('/healthz', healthCheck(deps));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    if (open && !mayCallOpenEndpoint(req, config.botEndpointSecret)) {
      sendJsonError(res, 401, 'Unauthorized', 'without MicrosoftAppId only local callers, or callers with BOT_ENDPOINT_SECRET, may post here');
      return;
    }
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendJsonError(res, 400, 'BadRequest', 'expected a JSON Bot Framework activity');
      return;
    }
    // Checked before anything else reads the activity: the turn lock and the state key are made of these ids.
    const identity = activityIdentity(body);
    if (!identity) {
      sendJsonError(res, 400, 'InvalidActivity', 'channelId, conversation.id and from.id must be non-empty strings');
      return;
    }
    const { channelId } = identity;
    if (ownChannels.has(channelId.trim().toLowerCase())) {
      sendJsonError(res, 403, 'ChannelNotAllowed', `${channelId} conversations are served only through their own webhook or Direct Line`);
      return;
    }
    if (open && !isAllowedServiceUrl((body as { serviceUrl?: unknown }).serviceUrl, config.serviceUrlAllowList)) {
      sendJsonError(res, 403, 'ServiceUrlNotAllowed', 'without MicrosoftAppId only loopback or allow-listed serviceUrls are answered');
      return;
    }
    await deps.bot.processRequest(req, res);
  });

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    // Plain JSON errors, never a stack trace; nothing more once an answer has gone out.
    if (res.headersSent) {
      logger.error({ err, url: req.url }, 'request failed after it was answered');
      return callback();
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) logger.error({ err, url: req.url }, 'request failed');
    sendJsonError(res, status, err.name || 'Error', status >= 500 ? 'internal error' : err.message);
    return callback();
  });

  return {
    server,
    upgrades,
    async listen(port, host) {
      server.listen(port, host);
      await once(server, 'listening');
      const address = server.address() as AddressInfo;
      if (open) {
        logger.warn(
          { allowList: config.serviceUrlAllowList, sharedSecret: Boolean(config.botEndpointSecret) },
          config.botEndpointSecret
            ? 'MicrosoftAppId is not set: /api/messages accepts local callers and callers with BOT_ENDPOINT_SECRET, and answers only loopback or allow-listed serviceUrls'
            : 'MicrosoftAppId is not set: /api/messages accepts only local callers and answers only loopback or allow-listed serviceUrls',
        );
      }
      return address;
    },
    async close() {
      // Stop accepting, let requests in flight finish, and drop idle keep-alive sockets so close completes.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections();
      });
    },
    dropConnections() {
      server.server.closeAllConnections();
    },
  };
}
