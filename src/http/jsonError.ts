import type * as restify from 'restify';

/** Every error answer of the HTTP API: a status and `{error: {code, message}}`, never a stack trace. */
export function sendJsonError(res: restify.Response, status: number, code: string, message: string): void {
  res.status(status);
  res.json({ error: { code, message } });
}
