// Staff sessions in PostgreSQL, so that a session made on one instance is valid on every other.
// Reading a session restarts its idle time in the same statement; expired sessions are removed
// whenever a new one is made, so the table holds at most the sessions of the idle period.
import { newSession, SESSION_IDLE_MS, type SessionStore, type StaffSession } from '../../staff/sessions.js';
import type { Database } from './database.js';
import { storedHash } from './secretHash.js';

export class PostgresSessionStore implements SessionStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async create(user: string): Promise<StaffSession> {
    const session = newSession(user, this.now());
    await this.db.query('DELETE FROM staff_sessions WHERE expires_at < $1', [new Date(this.now())]);
    await this.db.query('INSERT INTO staff_sessions (id_hash, user_name, csrf, expires_at) VALUES ($1, $2, $3, $4)', [
      storedHash(session.id),
      session.user,
      session.csrf,
      new Date(session.expires),
    ]);
    return session;
  }

  async get(id: string | undefined): Promise<StaffSession | undefined> {
    if (!id) return undefined;
    const now = this.now();
    const { rows } = await this.db.query<{ user_name: string; csrf: string }>(
      'UPDATE staff_sessions SET expires_at = $2 WHERE id_hash = $1 AND expires_at >= $3 RETURNING user_name, csrf',
      [storedHash(id), new Date(now + SESSION_IDLE_MS), new Date(now)],
    );
    if (!rows[0]) return undefined;
    return { id, user: rows[0].user_name, csrf: rows[0].csrf, expires: now + SESSION_IDLE_MS };
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM staff_sessions WHERE id_hash = $1', [storedHash(id)]);
  }

  async setFlash(id: string, text: string): Promise<void> {
    await this.db.query('UPDATE staff_sessions SET flash = $2 WHERE id_hash = $1', [storedHash(id), text]);
  }

  async takeFlash(id: string): Promise<string | undefined> {
    // The old value comes back from the row locked by the sub-select, so two pages never both show it.
    const { rows } = await this.db.query<{ flash: string | null }>(
      `UPDATE staff_sessions s SET flash = NULL FROM (SELECT id_hash, flash FROM staff_sessions WHERE id_hash = $1 FOR UPDATE) old
       WHERE s.id_hash = old.id_hash RETURNING old.flash`,
      [storedHash(id)],
    );
    return rows[0]?.flash ?? undefined;
  }
}
