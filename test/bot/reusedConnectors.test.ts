// The authentication that reuses Bot Framework clients hands out one user token client per app id
// (CloudAdapter asks for one on every turn), and forgets one whose creation failed.
import { describe, expect, it } from '@jest/globals';
import { AuthenticationConstants, BotFrameworkAuthentication, ClaimsIdentity, type UserTokenClient } from 'botframework-connector';
import { ReusingBotFrameworkAuthentication } from '../../src/bot/reusedConnectors.js';

/** Bot Framework's side: counts the user token clients it makes; fails while `failing` is set. */
class CountingAuthentication extends BotFrameworkAuthentication {
  made = 0;
  failing = false;
  authenticateRequest(): never {
    throw new Error('not used');
  }
  authenticateStreamingRequest(): never {
    throw new Error('not used');
  }
  createConnectorFactory(): never {
    throw new Error('not used');
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    if (this.failing) throw new Error('no credentials');
    this.made += 1;
    return { made: this.made } as unknown as UserTokenClient;
  }
}

const claimsOf = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

describe('ReusingBotFrameworkAuthentication', () => {
  it('makes one user token client per app id, however many turns ask', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingBotFrameworkAuthentication(inner, 1000);
    const first = await auth.createUserTokenClient(claimsOf('app-1'));
    expect(await auth.createUserTokenClient(claimsOf('app-1'))).toBe(first);
    expect(await auth.createUserTokenClient(claimsOf('app-2'))).not.toBe(first);
    expect(inner.made).toBe(2);
  });

  it('asks again after a creation failed', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingBotFrameworkAuthentication(inner, 1000);
    inner.failing = true;
    await expect(auth.createUserTokenClient(claimsOf('app-1'))).rejects.toThrow('no credentials');
    inner.failing = false;
    await auth.createUserTokenClient(claimsOf('app-1'));
    expect(inner.made).toBe(1);
  });
});
