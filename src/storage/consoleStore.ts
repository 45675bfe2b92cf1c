// The console's audit log and dismissed groups in a lowdb file under DATA_DIR.
import type { Low } from 'lowdb';
import type { AuditEntry, ConsoleStore } from '../staff/consoleStore.js';
import { openJsonStore } from './jsonStore.js';

export interface ConsoleFile {
  audit: AuditEntry[];
  dismissed: string[];
}

export class LowdbConsoleStore implements ConsoleStore {
  private constructor(
    private readonly db: Low<ConsoleFile>,
    private readonly now: () => Date,
  ) {}

  static async open(file: string, now: () => Date = () => new Date()): Promise<LowdbConsoleStore> {
    return new LowdbConsoleStore(await openJsonStore<ConsoleFile>(file, { audit: [], dismissed: [] }), now);
  }

  async audit(entry: Omit<AuditEntry, 'time'>): Promise<void> {
    const record = { time: this.now().toISOString(), ...entry };
    await this.db.update((data) => data.audit.push(record));
  }

  async auditLog(): Promise<readonly AuditEntry[]> {
    return this.db.data.audit;
  }

  async dismiss(groupKey: string): Promise<void> {
    if (this.db.data.dismissed.includes(groupKey)) return;
    await this.db.update((data) => data.dismissed.push(groupKey));
  }

  async dismissed(): Promise<ReadonlySet<string>> {
    return new Set(this.db.data.dismissed);
  }
}
