// Signed-in staff sessions, in memory (a restart signs everyone out), each with its CSRF token.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface StaffSession {
  id: string;
  user: string;
  csrf: string;
  expires: number;
  /** A message to show once on the next page (after a form post and its redirect). */
  flash?: string;
}

const IDLE_MS = 8 * 60 * 60 * 1000;

export class SessionStore {
  private readonly sessions = new Map<string, StaffSession>();

  constructor(private readonly now: () => number = Date.now) {}

  create(user: string): StaffSession {
    const session = { id: randomBytes(32).toString('base64url'), user, csrf: randomBytes(32).toString('base64url'), expires: this.now() + IDLE_MS };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): StaffSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session || session.expires < this.now()) {
      if (session) this.sessions.delete(id);
      return undefined;
    }
    session.expires = this.now() + IDLE_MS;
    return session;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }
}

export function csrfMatches(session: StaffSession, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
