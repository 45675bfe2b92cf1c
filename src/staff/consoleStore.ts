// What the staff console keeps of its own: the audit log of clerks' actions and the groups of
// questions (and reports) set aside. Storage implements it (lowdb file or PostgreSQL).

export interface AuditEntry {
  time: string;
  user: string;
  action: string;
  target?: string;
  details?: string;
}

export interface ConsoleStore {
  audit(entry: Omit<AuditEntry, 'time'>): Promise<void>;
  /** The audit log, oldest first. */
  auditLog(): Promise<readonly AuditEntry[]>;
  /** Sets a group aside; setting it aside again changes nothing. */
  dismiss(groupKey: string): Promise<void>;
  dismissed(): Promise<ReadonlySet<string>>;
}
