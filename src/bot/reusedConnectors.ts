// Bot Framework's CloudAdapter builds a new ConnectorClient, with its whole HTTP pipeline, for
// every incoming activity, and a new UserTokenClient (another pipeline, for sign-in prompts, which
// this bot has none of) as well. Replies to one serviceUrl with one identity can share one client
// (its credentials renew their own tokens), so this authentication hands out clients from small
// caches instead: connectors keyed on the bot's app id (from the request's claims), the serviceUrl
// and the audience; user token clients on the app id.
// Each client's requests give up after a timeout: a serviceUrl that never answers would otherwise
// hold the incoming request, and everything the turn holds, for ever.
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { LRUCache } from 'lru-cache';

const CLIENTS = 100;

/**
 * Gives every request of `client` a timeout. ConnectorClient has no setting for all its requests;
 * each operation takes a `timeout` in its options, and every operation goes through
 * sendOperationRequest, so the timeout is added there (an operation that names its own keeps it).
 */
function withTimeout(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  const send = client.sendOperationRequest.bind(client);
  client.sendOperationRequest = (args, spec, callback) => send({ ...args, options: { timeout: timeoutMs, ...args.options } }, spec, callback);
  return client;
}

class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: LRUCache<string, Promise<ConnectorClient>>,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = `${this.appId}\u0000${serviceUrl}\u0000${audience ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.inner.create(serviceUrl, audience).then((c) => withTimeout(c, this.timeoutMs));
      this.clients.set(key, client);
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }
}

export class ReusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly clients = new LRUCache<string, Promise<ConnectorClient>>({ max: CLIENTS });
  private readonly userTokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: CLIENTS });

  /** @param sendTimeoutMs how long a request to a serviceUrl may take before it is given up */
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly sendTimeoutMs: number,
  ) {
    super();
  }

  private reusing(factory: ConnectorFactory | undefined, claims: ClaimsIdentity): ConnectorFactory | undefined {
    if (!factory) return undefined;
    return new ReusingConnectorFactory(factory, JwtTokenValidation.getAppIdFromClaims(claims.claims) ?? '', this.clients, this.sendTimeoutMs);
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity)!;
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    // The app id the client is made for, as botframework-connector reads it: the audience (a channel's token) or the app id (the Emulator's).
    const key = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
    let client = this.userTokenClients.get(key);
    if (!client) {
      client = this.inner.createUserTokenClient(claimsIdentity);
      this.userTokenClients.set(key, client);
      client.catch(() => this.userTokenClients.delete(key));
    }
    return client;
  }

  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
