// Feedback records in a lowdb file (the default storage). Numbers are taken synchronously, before
// any await, so concurrent submissions in this process never share one; the file is written before
// create() resolves, so a reference is given only for a stored record.
import type { Low } from 'lowdb';
import { accessCodeMatches, DUMMY_ACCESS_HASH, generateAccessCode } from '../feedback/accessCode.js';
import { anonymiseChange, applyChange, dueForErasure, eraseForRetention, matchesFilter, newFeedbackRecord, replyChange, statusChange, type RecordChange } from '../feedback/recordChanges.js';
import { formatReference } from '../feedback/reference.js';
import { RecordNotFoundError, type FeedbackRepository, type RepositoryOptions } from '../feedback/repository.js';
import type { DeliveryState, FeedbackFilter, FeedbackRecord, FeedbackStatus, NewFeedback } from '../feedback/types.js';
import { openJsonStore } from './jsonStore.js';

/** The file's content; db:import and db:export read and write the same shape. */
export interface FeedbackFile {
  records: FeedbackRecord[];
  /** Last sequence number used, per year. */
  sequences: Record<string, number>;
}

export const FEEDBACK_FILE_DEFAULTS: FeedbackFile = { records: [], sequences: {} };

export class LowdbFeedbackRepository implements FeedbackRepository {
  private readonly byReference = new Map<string, FeedbackRecord>();

  private constructor(
    private readonly db: Low<FeedbackFile>,
    private readonly options: Required<RepositoryOptions>,
  ) {
    for (const r of db.data.records) this.byReference.set(r.reference, r);
  }

  static async open(file: string, options: RepositoryOptions): Promise<LowdbFeedbackRepository> {
    const db = await openJsonStore<FeedbackFile>(file, FEEDBACK_FILE_DEFAULTS);
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
    const record = newFeedbackRecord(input, reference, accessCode, this.options.salt, now.toISOString());
    this.db.data.records.push(record);
    this.byReference.set(reference, record);
    await this.db.write();
    return { record: structuredClone(record), accessCode };
  }

  async getByReference(reference: string): Promise<FeedbackRecord | undefined> {
    const r = this.byReference.get(reference);
    return r ? structuredClone(r) : undefined;
  }

  async verifyAccess(reference: string, accessCode: string): Promise<FeedbackRecord | undefined> {
    const r = this.byReference.get(reference);
    // Hash a dummy too, so an unknown reference costs the same time as a wrong code.
    const ok = accessCodeMatches(reference, accessCode, r?.accessCodeHash ?? DUMMY_ACCESS_HASH);
    return r && ok ? structuredClone(r) : undefined;
  }

  async list(filter: FeedbackFilter = {}): Promise<FeedbackRecord[]> {
    return this.db.data.records.filter((r) => matchesFilter(r, filter)).map((r) => structuredClone(r));
  }

  private async change(reference: string, by: string, change: RecordChange): Promise<FeedbackRecord> {
    const r = this.byReference.get(reference);
    if (!r) throw new RecordNotFoundError(`no feedback record ${reference}`);
    applyChange(r, change, by, this.options.now().toISOString());
    await this.db.write();
    return structuredClone(r);
  }

  updateStatus(reference: string, status: FeedbackStatus, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, statusChange(status));
  }

  appendReply(reference: string, text: string, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, replyChange(text, by));
  }

  async recordDelivery(reference: string, channel: 'email' | 'webhook', state: DeliveryState): Promise<void> {
    const r = this.byReference.get(reference);
    if (!r) return;
    r.notifications[channel] = state;
    await this.db.write();
  }

  anonymise(reference: string, by: string): Promise<FeedbackRecord> {
    return this.change(reference, by, anonymiseChange);
  }

  async anonymiseClosedBefore(date: Date, by: string): Promise<number> {
    const cutoff = date.toISOString();
    const due = this.db.data.records.filter((r) => dueForErasure(r, cutoff));
    if (due.length === 0) return 0;
    const at = this.options.now().toISOString();
    for (const r of due) eraseForRetention(r, by, at);
    await this.db.write();
    return due.length;
  }
}

