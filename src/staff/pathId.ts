// An id in a console path (/staff/feedback/<reference>, /staff/facts/service/<entry id>), as the
// router decoded it. References ("ПТ-2026-000123") and entry ids ("birth-certificate-duplicate")
// are letters, digits, "-", "_" and "."; anything else, a "%" left by a double encoding above all
// ("%252F" arrives as "%2F"), is a malformed path and answers 400. It used to be decoded a second
// time, and a "%" that did not decode gave 500. Pure.

const MAX_PATH_ID = 200;
const PATH_ID = /^[\p{L}\p{N}_.-]+$/u;

/** The id when it is one a console path can carry; undefined otherwise. */
export function pathId(param: unknown): string | undefined {
  return typeof param === 'string' && param.length <= MAX_PATH_ID && PATH_ID.test(param) ? param : undefined;
}
