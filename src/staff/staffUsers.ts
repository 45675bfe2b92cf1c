// Staff accounts: written by `npm run staff -- add-user` and read again at each sign-in, so the
// command works while the bot runs. Storage implements them (a JSON file or PostgreSQL).

export interface StaffUser {
  name: string;
  passwordHash: string;
  createdAt: string;
}

export const USER_NAME = /^[\p{L}\p{N}._-]{2,40}$/u;

export interface StaffUsers {
  find(name: string): Promise<StaffUser | undefined>;
  list(): Promise<StaffUser[]>;
  /** Adds or replaces the account of that name. */
  save(user: StaffUser): Promise<void>;
}
