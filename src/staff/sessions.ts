// Signed-in staff sessions, each with its CSRF token and a message kept for the next page. Kept in
// a file under DATA_DIR by default (storage/sessionsFile.ts) and in PostgreSQL with DATABASE_URL,
// so a restart signs no one out; the memory store here is for tests.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface StaffSession {
  id: string;
  user: string;
  csrf: string;
  expires: number;
}

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

export interface SessionStore {
  create(user: string): Promise<StaffSession>;
  /** The session with its idle time restarted; undefined when unknown or expired. */
  get(id: string | undefined): Promise<StaffSession | undefined>;
  destroy(id: string): Promise<void>;
  /** Keeps a message to show once on the session's next page (after a form post and its redirect). */
  setFlash(id: string, text: string): Promise<void>;
  /** The kept message, taken out. */
  takeFlash(id: string): Promise<string | undefined>;
}

/** A new session's id and CSRF token: random, never derived from the user. */
export function newSession(user: string, now: number): StaffSession {
  return { id: randomBytes(32).toString('base64url'), user, csrf: randomBytes(32).toString('base64url'), expires: now + SESSION_IDLE_MS };
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StaffSession & { flash?: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  async create(user: string): Promise<StaffSession> {
    const session = newSession(user, this.now());
    this.sessions.set(session.id, session);
    return { ...session };
  }

  async get(id: string | undefined): Promise<StaffSession | undefined> {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session || session.expires < this.now()) {
      if (session) this.sessions.delete(id);
      return undefined;
    }
    session.expires = this.now() + SESSION_IDLE_MS;
    return { id: session.id, user: session.user, csrf: session.csrf, expires: session.expires };
  }

  async destroy(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async setFlash(id: string, text: string): Promise<void> {
    const session = this.sessions.get(id);
    if (session) session.flash = text;
  }

  async takeFlash(id: string): Promise<string | undefined> {
    const session = this.sessions.get(id);
    const flash = session?.flash;
    if (session) delete session.flash;
    return flash;
  }
}

export function csrfMatches(session: StaffSession, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
