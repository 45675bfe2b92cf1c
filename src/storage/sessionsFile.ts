// Staff sessions on lowdb: a file under DATA_DIR, so that a restart does not sign the clerks out.
// As in PostgreSQL, only a hash of each session id is kept: the file signs no one in. Signing in,
// signing out and the one-time message are on disk before the page answers; the restarted idle
// time of each request is written behind (a hard kill may shorten a session by that interval,
// never lengthen it). Expired sessions go whenever one is made; at most MAX_SESSIONS are kept.
import type { Low } from 'lowdb';
import { newSession, SESSION_IDLE_MS, type SessionStore, type StaffSession } from '../staff/sessions.js';
import { openJsonStore } from './jsonStore.js';
import { storedHash } from './postgres/secretHash.js';
import { WriteBehind } from './writeBehind.js';

/** Not one of DATA_FILES: it holds no records, so db:import and db:export leave it alone. */
export const STAFF_SESSIONS_FILE = 'staff-sessions.json';
/** Sessions kept at most (each sign-in makes one); past it the oldest go first. */
const MAX_SESSIONS = 10_000;

interface KeptSession {
  user: string;
  csrf: string;
  expires: number;
  flash?: string;
}

export interface SessionsFile {
  /** Hash of the session id → the session. */
  sessions: Record<string, KeptSession>;
}

export class LowdbSessionStore implements SessionStore {
  private readonly writer: WriteBehind;

  private constructor(
    private readonly db: Low<SessionsFile>,
    private readonly now: () => number,
  ) {
    this.writer = new WriteBehind(db);
  }

  static async open(file: string, now: () => number = Date.now): Promise<LowdbSessionStore> {
    return new LowdbSessionStore(await openJsonStore<SessionsFile>(file, { sessions: {} }), now);
  }

  /** Writes now what changed; a sign-in or sign-out is not answered before it is kept. */
  private async written(): Promise<void> {
    this.writer.schedule();
    await this.writer.flush();
  }

  async create(user: string): Promise<StaffSession> {
    const now = this.now();
    const session = newSession(user, now);
    const sessions = this.db.data.sessions;
    const keys = Object.keys(sessions);
    let over = keys.length - MAX_SESSIONS + 1;
    for (const key of keys) {
      if (over > 0 || sessions[key].expires < now) {
        delete sessions[key];
        over -= 1;
      }
    }
    sessions[storedHash(session.id)] = { user: session.user, csrf: session.csrf, expires: session.expires };
    await this.written();
    return session;
  }

  async get(id: string | undefined): Promise<StaffSession | undefined> {
    if (!id) return undefined;
    const key = storedHash(id);
    const kept = Object.hasOwn(this.db.data.sessions, key) ? this.db.data.sessions[key] : undefined;
    const now = this.now();
    if (!kept || kept.expires < now) return undefined;
    kept.expires = now + SESSION_IDLE_MS;
    this.writer.schedule();
    return { id, user: kept.user, csrf: kept.csrf, expires: kept.expires };
  }

  async destroy(id: string): Promise<void> {
    delete this.db.data.sessions[storedHash(id)];
    await this.written();
  }

  async setFlash(id: string, text: string): Promise<void> {
    const kept = this.db.data.sessions[storedHash(id)];
    if (!kept) return;
    kept.flash = text;
    await this.written();
  }

  async takeFlash(id: string): Promise<string | undefined> {
    const kept = this.db.data.sessions[storedHash(id)];
    const flash = kept?.flash;
    if (flash === undefined) return undefined;
    delete kept!.flash;
    await this.written();
    return flash;
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }
}
