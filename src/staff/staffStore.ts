// Staff accounts, the audit log and dismissed question groups, in lowdb files under DATA_DIR.
// Accounts have a file of their own, written by the `npm run staff -- add-user` command and read
// again at each sign-in, so the command works while the bot runs.
import { readFile } from 'node:fs/promises';
import type { Low } from 'lowdb';
import { writeFileAtomically } from '../storage/atomicWrite.js';
import { openJsonStore } from '../storage/jsonStore.js';

export interface StaffUser {
  name: string;
  passwordHash: string;
  createdAt: string;
}

export interface AuditEntry {
  time: string;
  user: string;
  action: string;
  target?: string;
  details?: string;
}

interface ConsoleFile {
  audit: AuditEntry[];
  dismissed: string[];
}

export const USER_NAME = /^[\p{L}\p{N}._-]{2,40}$/u;

export async function readUsers(file: string): Promise<StaffUser[]> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { users: StaffUser[] }).users;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Adds or replaces a user; written to a temporary file and renamed, like every lowdb write. */
export async function saveUser(file: string, user: StaffUser): Promise<void> {
  const users = (await readUsers(file)).filter((u) => u.name !== user.name);
  users.push(user);
  await writeFileAtomically(file, JSON.stringify({ users }, null, 2));
}

export class ConsoleStore {
  private constructor(
    private readonly db: Low<ConsoleFile>,
    private readonly now: () => Date,
  ) {}

  static async open(file: string, now: () => Date = () => new Date()): Promise<ConsoleStore> {
    return new ConsoleStore(await openJsonStore<ConsoleFile>(file, { audit: [], dismissed: [] }), now);
  }

  async audit(entry: Omit<AuditEntry, 'time'>): Promise<void> {
    const record = { time: this.now().toISOString(), ...entry };
    await this.db.update((data) => data.audit.push(record));
  }

  auditLog(): readonly AuditEntry[] {
    return this.db.data.audit;
  }

  async dismiss(groupKey: string): Promise<void> {
    if (this.db.data.dismissed.includes(groupKey)) return;
    await this.db.update((data) => data.dismissed.push(groupKey));
  }

  dismissed(): ReadonlySet<string> {
    return new Set(this.db.data.dismissed);
  }
}
