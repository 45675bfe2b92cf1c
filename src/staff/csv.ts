import type { FeedbackRecord } from '../feedback/types.js';
import type { Translate } from '../i18n.js';

// CSV for Excel: UTF-8 with a byte-order mark (so Cyrillic shows), CRLF lines, quoted fields, and
// cells that would start a formula neutralised (a citizen's text must not run in a spreadsheet).

const BOM = '\uFEFF';

function cell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The feedback list as the console and the command line export it. */
export function feedbackCsv(records: readonly FeedbackRecord[], t: Translate): string {
  const columns = ['reference', 'kind', 'status', 'received', 'statusChanged', 'channel', 'description', 'location', 'name', 'phone', 'email', 'reply'];
  return toCsv(
    columns.map((c) => t(`staff.csv.${c}`)),
    records.map((r) => [r.reference, t(`feedback.kind.${r.kind}`), t(`status.name.${r.status}`), r.createdAt, r.statusChangedAt, r.channel, r.description, r.location, r.contact?.name, r.contact?.phone, r.contact?.email, r.publicReply?.text]),
  );
}
