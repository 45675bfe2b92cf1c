import { sofiaDateTime } from '../dates/sofiaTime.js';
import type { FeedbackRecord } from '../feedback/types.js';
import type { Translate } from '../common/i18n.js';

// CSV for Excel: UTF-8 with a byte-order mark (so Cyrillic shows), CRLF lines, quoted fields, and
// cells that would start a formula neutralised (a citizen's text must not run in a spreadsheet).
// Control characters (NUL, BEL, …) and the invisible marks that reorder text (U+202E and its kin)
// are taken out of citizens' text: they break importers and can make a cell read as something else.

const BOM = '\uFEFF';

/** C0 controls but tab and line breaks, DEL, C1 controls, and bidirectional embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function stripControls(text: string): string {
  return text.replace(CONTROL, '');
}

function cell(value: unknown): string {
  let text = stripControls(value === undefined || value === null ? '' : String(value));
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The feedback list as the console and the command line export it, in the order given; times on Sofia's clock. */
export function feedbackCsv(records: readonly FeedbackRecord[], t: Translate, categoryTitle: (id: string) => string): string {
  const columns = ['reference', 'kind', 'category', 'status', 'received', 'statusChanged', 'channel', 'description', 'location', 'name', 'phone', 'email', 'reply'];
  return toCsv(
    columns.map((c) => t(`staff.csv.${c}`)),
    records.map((r) => [r.reference, t(`feedback.kind.${r.kind}`), r.category ? categoryTitle(r.category) : '', t(`status.name.${r.status}`), sofiaDateTime(new Date(r.createdAt)), sofiaDateTime(new Date(r.statusChangedAt)), r.channel, r.description, r.location, r.contact?.name, r.contact?.phone, r.contact?.email, r.publicReply?.text]),
  );
}
