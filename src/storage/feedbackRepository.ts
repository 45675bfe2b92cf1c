// Feedback records (complaints, signals, proposals, praise) in a lowdb file.
// The repository interface is what the dialogs, the staff console and a future
// database backend share. A record's reference number exists for the citizen only
// after create() resolves, which is after the file has been written.
import type { Low } from 'lowdb';
import { generateAccessCode, hashAccessCode, accessCodeMatches } from '../feedback/accessCode.js';
import { formatReference } from '../feedback/reference.js';
import type { DeliveryState, FeedbackFilter, FeedbackRecord, FeedbackStatus, NewFeedback } from '../feedback/types.js';
import { openJsonStore } from './jsonStore.js';
import { hashConversation } from './questionLog.js';

export interface FeedbackRepository {
  /** Saves a new record; resolves once it is on disk, with its one-time access code. */
  create(input: NewFeedback): Promise<{ record: FeedbackRecord; accessCode: string }>;
  getByReference(reference: string): FeedbackRecord | undefined;
  /** The record when the access code is right; undefined for a wrong code or an unknown reference alike. */
  verifyAccess(reference: string, accessCode: string): FeedbackRecord | undefined;
  list(filter?: FeedbackFilter): FeedbackRecord[];
  updateStatus(reference: string, status: FeedbackStatus, by: string): Promise<FeedbackRecord>;
  appendReply(reference: string, text: string, by: string): Promise<FeedbackRecord>;
  recordDelivery(reference: string, channel: 'email' | 'webhook', state: DeliveryState): Promise<void>;
  /** Erases the personal data of one record; the record and its statistics stay. */
  anonymise(reference: string, by: string): Promise<FeedbackRecord>;
  /** Erases the personal data of records closed before the date; returns how many. */
  anonymiseClosedBefore(date: Date, by: string): Promise<number>;
}

export class RecordNotFoundError extends Error {}

interface FeedbackFile {
  records: FeedbackRecord[];
  /** Last sequence number used, per year. */
  sequences: Record<string, number>;
}

export interface RepositoryOptions {
  prefix: string;
  salt: string;
  now?: () => Date;
}

const ERASED = '[erased]';

export class LowdbFeedbackRepository implements FeedbackRepository {
  private readonly byReference = new Map<string, FeedbackRecord>();

  private constructor(
    private readonly db: Low<FeedbackFile>,
    private readonly options: Required<RepositoryOptions>,
  ) {
    for (const r of db.data.records) this.byReference.set(r.reference, r);
  }

  static async open(file: string, options: RepositoryOptions): Promise<LowdbFeedbackRepository> {
    const db = await openJsonStore<FeedbackFile>(file, { records: [], sequences: {} });
    return new LowdbFeedbackRepository(db, { now: () => new Date(), ...options });
  }

  async create(input: NewFeedback): Promise<{ record: FeedbackRecord; accessCode: string }> {
    const now = this.options.now();
    const year = String(now.getUTCFullYear());
    // Taken synchronously, before any await, so concurrent submissions never share a number.
    const sequence = (this.db.data.sequences[year] ?? 0) + 1;
    this.db.data.sequences[year] = sequence;
    const reference = formatReference(this.options.prefix, Number(year), sequence);
    const accessCode = generateAccessCode();
    const at = now.toISOString();
    const keepContact = input.contact !== undefined && input.consent === true;
    const record: FeedbackRecord = {
      reference,
      kind: input.kind,
      ...(input.category ? { category: input.category } : {}),
      ...(input.origin ? { origin: input.origin } : {}),
      status: 'received',
      description: input.description.trim(),
      ...(input.location ? { location: input.location.trim() } : {}),
      ...(keepContact ? { contact: input.contact, consentAt: at } : {}),
      lang: input.lang,
      channel: input.channel,
      conversation: hashConversation(this.options.salt, input.channel, input.conversationId),
      createdAt: at,
      updatedAt: at,
      statusChangedAt: at,
      accessCodeHash: hashAccessCode(reference, accessCode),
      history: [{ at, by: input.origin === 'unanswered-log' ? input.by ?? 'staff' : 'citizen', action: 'received' }],
      notifications: {},
    };
    this.db.data.records.push(record);
    this.byReference.set(reference, record);
    await this.db.write();
    return { record: structuredClone(record), accessCode };
  }

  getByReference(reference: string): FeedbackRecord | undefined {
    const r = this.byReference.get(reference);
    return r ? structuredClone(r) : undefined;
  }

  verifyAccess(reference: string, accessCode: string): FeedbackRecord | undefined {
    const r = this.byReference.get(reference);
    // Hash a dummy too, so an unknown reference costs the same time as a wrong code.
    const ok = accessCodeMatches(reference, accessCode, r?.accessCodeHash ?? '0'.repeat(64));
    return r && ok ? structuredClone(r) : undefined;
  }

  list(filter: FeedbackFilter = {}): FeedbackRecord[] {
    return this.db.data.records
      .filter((r) => !filter.kind || r.kind === filter.kind)
      .filter((r) => !filter.status || r.status === filter.status)
      .filter((r) => !filter.from || r.createdAt >= filter.from)
      .filter((r) => !filter.to || r.createdAt <= filter.to)
      .map((r) => structuredClone(r));
  }

  private async change(reference: string, by: string, action: string, apply: (r: FeedbackRecord, at: string) => void): Promise<FeedbackRecord> {
    const r = this.byReference.get(reference);
    if (!r) throw new RecordNotFoundError(`no feedback record ${reference}`);
    const at = this.options.now().toISOString();
    apply(r, at);
    r.updatedAt = at;
    r.history.push({ at, by, action });
    await this.db.write();
    return structuredClone(r);
  }

  updateStatus(reference: string, status: FeedbackStatus, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, `status:${status}`, (r, at) => {
      r.status = status;
      r.statusChangedAt = at;
      if (status === 'closed') r.closedAt = at;
      else delete r.closedAt;
    });
  }

  appendReply(reference: string, text: string, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, 'reply', (r, at) => {
      r.publicReply = { text: text.trim(), at, by };
    });
  }

  async recordDelivery(reference: string, channel: 'email' | 'webhook', state: DeliveryState): Promise<void> {
    const r = this.byReference.get(reference);
    if (!r) return;
    r.notifications[channel] = state;
    await this.db.write();
  }

  anonymise(reference: string, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, 'anonymised', (r, at) => eraseInPlace(r, at));
  }

  async anonymiseClosedBefore(date: Date, by: string): Promise<number> {
    const cutoff = date.toISOString();
    const due = this.db.data.records.filter((r) => r.status === 'closed' && r.closedAt && r.closedAt < cutoff && !r.anonymisedAt);
    if (due.length === 0) return 0;
    const at = this.options.now().toISOString();
    for (const r of due) {
      eraseInPlace(r, at);
      r.history.push({ at, by, action: 'anonymised' });
    }
    await this.db.write();
    return due.length;
  }
}

/** Personal data goes; kind, status, dates and the public reply stay for statistics and the citizen's status check. */
function eraseInPlace(r: FeedbackRecord, at: string): void {
  delete r.contact;
  delete r.consentAt;
  if (r.location) r.location = ERASED;
  r.description = ERASED;
  r.anonymisedAt = at;
}
