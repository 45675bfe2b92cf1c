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
