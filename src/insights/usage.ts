// One line per question the bot handled: what it decided and for which entry, for the staff
// dashboard (questions a day, share answered, most asked services). No question text, no user ids.
// Storage implements the log (a JSON-lines file or PostgreSQL); events older than RETENTION_DAYS
// are dropped by the retention job (feedback/retention.ts).

export interface UsageEvent {
  time: string;
  decision: string;
  entryId?: string;
  lang: string;
  channel: string;
}

export interface UsageLog {
  add(event: Omit<UsageEvent, 'time'>): Promise<void>;
  /** Every event, oldest first. */
  list(): Promise<readonly UsageEvent[]>;
  /** Writes what is pending (at stop, and for tests). */
  flush(): Promise<void>;
  /** Drops the events before `cutoff` (the retention); returns how many. */
  pruneBefore(cutoff: Date): Promise<number>;
}
