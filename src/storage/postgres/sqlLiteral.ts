// A statement with its values written into its text, for the few places that must send several
// statements in one round trip: PostgreSQL runs a text of several statements only without
// parameters (the simple query protocol). The values are quoted by pg's own escapeLiteral (the
// libpq rules), so no value can end its literal; the statements are the project's own, whose only
// `$n` are their parameters.
import pg from 'pg';

export type SqlValue = string | number | null | readonly string[];

function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('not a finite number');
    return String(value);
  }
  if (typeof value === 'string') return pg.escapeLiteral(value);
  return `ARRAY[${value.map((v) => pg.escapeLiteral(v)).join(', ')}]::text[]`;
}

/** `text` with each `$n` replaced by the literal of `params[n - 1]`. */
export function inlineParams(text: string, params: readonly SqlValue[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`no value for $${n}`);
    return literal(params[index]);
  });
}
