// Staff accounts in a JSON file of their own under DATA_DIR, read again at each sign-in, so that
// `npm run staff -- add-user` works while the bot runs.
import { readFile } from 'node:fs/promises';
import type { StaffUser, StaffUsers } from '../staff/staffUsers.js';
import { writeFileAtomically } from '../common/atomicWrite.js';

export interface StaffUsersFileContent {
  users: StaffUser[];
}

export class FileStaffUsers implements StaffUsers {
  constructor(private readonly file: string) {}

  async list(): Promise<StaffUser[]> {
    try {
      return (JSON.parse(await readFile(this.file, 'utf8')) as StaffUsersFileContent).users;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async find(name: string): Promise<StaffUser | undefined> {
    return (await this.list()).find((u) => u.name === name);
  }

  /** Written to a temporary file and renamed, like every lowdb write. */
  async save(user: StaffUser): Promise<void> {
    const users = (await this.list()).filter((u) => u.name !== user.name);
    users.push(user);
    await writeFileAtomically(this.file, JSON.stringify({ users }, null, 2));
  }
}
