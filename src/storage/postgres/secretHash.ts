// Session ids, limiter keys and webhook message ids are kept in PostgreSQL only as hashes: the
// tables then neither sign anyone in nor list addresses, user names or platform user ids.
import { createHash } from 'node:crypto';

export function storedHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
