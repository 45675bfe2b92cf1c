// The console's audit log and dismissed groups in PostgreSQL.
import type { AuditEntry, ConsoleStore } from '../../staff/consoleStore.js';
import type { Database } from './database.js';

export class PostgresConsoleStore implements ConsoleStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async audit(entry: Omit<AuditEntry, 'time'>): Promise<void> {
    await this.db.query('INSERT INTO staff_audit (entry) VALUES ($1::jsonb)', [JSON.stringify({ time: this.now().toISOString(), ...entry })]);
  }

  async auditLog(): Promise<readonly AuditEntry[]> {
    const { rows } = await this.db.query<{ entry: AuditEntry }>('SELECT entry FROM staff_audit ORDER BY position');
    return rows.map((r) => r.entry);
  }

  async dismiss(groupKey: string): Promise<void> {
    await this.db.query('INSERT INTO staff_dismissed (group_key) VALUES ($1) ON CONFLICT (group_key) DO NOTHING', [groupKey]);
  }

  async dismissed(): Promise<ReadonlySet<string>> {
    const { rows } = await this.db.query<{ group_key: string }>('SELECT group_key FROM staff_dismissed ORDER BY position');
    return new Set(rows.map((r) => r.group_key));
  }
}
