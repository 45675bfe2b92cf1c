// The query string of a request. No query parser is installed (restify's would turn `a[b]=1` into
// nested objects), so routes read the parameters they know from here, each as one string.
import type * as restify from 'restify';

export function queryOf(req: restify.Request): URLSearchParams {
  return new URLSearchParams(req.getQuery());
}

/** The parameters as a plain record of their first values. */
export function queryRecord(req: restify.Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of queryOf(req)) if (!Object.hasOwn(out, name)) out[name] = value;
  return out;
}
