// Staff accounts in PostgreSQL; `npm run staff -- add-user` writes here when DATABASE_URL is set.
import type { StaffUser, StaffUsers } from '../../staff/staffUsers.js';
import type { Database } from './database.js';

interface UserRow {
  name: string;
  password_hash: string;
  created_at: string;
}

const userOf = (r: UserRow): StaffUser => ({ name: r.name, passwordHash: r.password_hash, createdAt: r.created_at });

export class PostgresStaffUsers implements StaffUsers {
  constructor(private readonly db: Database) {}

  async find(name: string): Promise<StaffUser | undefined> {
    const { rows } = await this.db.query<UserRow>('SELECT name, password_hash, created_at FROM staff_users WHERE name = $1', [name]);
    return rows[0] ? userOf(rows[0]) : undefined;
  }

  async list(): Promise<StaffUser[]> {
    const { rows } = await this.db.query<UserRow>('SELECT name, password_hash, created_at FROM staff_users ORDER BY name');
    return rows.map(userOf);
  }

  async save(user: StaffUser): Promise<void> {
    await this.db.query(
      `INSERT INTO staff_users (name, password_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash, created_at = EXCLUDED.created_at`,
      [user.name, user.passwordHash, user.createdAt],
    );
  }
}
