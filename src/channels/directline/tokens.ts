// Web chat tokens: short-lived HS256 JWTs bound to one conversation and one user. Web Chat's
// Direct Line client reads the `user` claim as the user id, so nobody can post as someone else.
import { SignJWT, jwtVerify } from 'jose';
import { isPlainId } from '../../common/activityIdentity.js';

export interface TokenClaims {
  conversationId: string;
  userId: string;
}

export class TokenIssuer {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: TokenClaims): Promise<string> {
    return new SignJWT({ conv: claims.conversationId, user: claims.userId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** The claims of a valid, unexpired token; undefined otherwise. */
  async verify(token: string): Promise<TokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      // The conversation and user ids of every activity of the conversation: plain strings only (common/activityIdentity.ts).
      if (!isPlainId(payload.conv) || !isPlainId(payload.user)) return undefined;
      return { conversationId: payload.conv, userId: payload.user };
    } catch {
      return undefined;
    }
  }
}
