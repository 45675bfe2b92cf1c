// Reads every request body the server accepts, and refuses the rest before they cost anything:
// only JSON (activities, webhooks, Direct Line) and URL-encoded forms (the staff console), only
// uncompressed (a compressed body would cost far more memory than the bytes counted), at most
// `maxBytes` actually received, nested at most `MAX_JSON_DEPTH` deep, and complete within a
// deadline. Multipart uploads are never parsed, so nothing is ever written to a temporary file.
// Every string of a parsed body has NUL and lone surrogates replaced (common/inputText.ts), so no
// channel, and no staff form, hands the bot or a store text it cannot keep; `rawBody` stays as
// received, for webhook signatures.
import contentType from 'content-type';
import getRawBody from 'raw-body';
import type * as restify from 'restify';
import { sanitizeInputValue } from '../common/inputText.js';
import { sendJsonError } from './jsonError.js';

/** The deepest nesting of objects and arrays a JSON body may have; activities need about six. */
export const MAX_JSON_DEPTH = 32;
/** The most fields a form may have; the staff console's largest has four. */
const MAX_FORM_FIELDS = 50;

const JSON_TYPES = new Set(['application/json']);
const FORM_TYPE = 'application/x-www-form-urlencoded';

export interface BodyLimits {
  /** Bytes of body read at most; more answers 413. */
  maxBytes: number;
  /** Time a body may take to arrive; a slower one answers 408 and the connection is closed. */
  timeoutMs: number;
}

/** How deep objects and arrays nest in a JSON text, counted without parsing it (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return deepest;
}

function hasBody(req: restify.Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Answers with a JSON error and closes the connection, so an unread body is never waited for. */
function refuse(req: restify.Request, res: restify.Response, status: number, code: string, message: string): void {
  res.setHeader('connection', 'close');
  sendJsonError(res, status, code, message);
  req.resume();
}

/** A form's fields; a name sent more than once (checkboxes) gives the list of its values. */
function formOf(text: string): Record<string, string | string[]> | undefined {
  const params = new URLSearchParams(text);
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  let count = 0;
  for (const [name, value] of params) {
    if (++count > MAX_FORM_FIELDS) return undefined;
    const before = out[name];
    out[name] = before === undefined ? value : [before, value].flat();
  }
  return out;
}

/** The restify `use` handler: sets `req.body` (parsed) and `req.rawBody` (the text, for webhook signatures). */
export function bodyReader(limits: BodyLimits): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (!hasBody(req)) return next();
    const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') {
      res.setHeader('accept-encoding', 'identity');
      refuse(req, res, 415, 'UnsupportedContentEncoding', 'send the body uncompressed');
      return next(false);
    }
    let type: string;
    let charset: string | undefined;
    try {
      const parsed = contentType.parse(String(req.headers['content-type'] ?? ''));
      type = parsed.type;
      charset = parsed.parameters.charset?.toLowerCase();
    } catch {
      refuse(req, res, 415, 'UnsupportedMediaType', 'expected application/json or a URL-encoded form');
      return next(false);
    }
    const isJson = JSON_TYPES.has(type);
    if ((!isJson && type !== FORM_TYPE) || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      refuse(req, res, 415, 'UnsupportedMediaType', 'expected application/json or a URL-encoded form, in UTF-8');
      return next(false);
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limits.maxBytes) {
      refuse(req, res, 413, 'PayloadTooLarge', `the body may have at most ${limits.maxBytes} bytes`);
      return next(false);
    }

    const deadline = setTimeout(() => {
      refuse(req, res, 408, 'RequestTimeout', 'the body took too long to arrive');
      setTimeout(() => req.socket.destroy(), 100).unref();
    }, limits.timeoutMs);
    getRawBody(req, { limit: limits.maxBytes, length: declared, encoding: 'utf8' }).then(
      (text) => {
        clearTimeout(deadline);
        if (res.headersSent) return next(false);
        req.rawBody = text;
        if (isJson) {
          if (jsonDepth(text) > MAX_JSON_DEPTH) {
            sendJsonError(res, 400, 'TooDeep', `JSON may nest at most ${MAX_JSON_DEPTH} levels`);
            return next(false);
          }
          try {
            req.body = sanitizeInputValue(JSON.parse(text) as unknown);
          } catch {
            sendJsonError(res, 400, 'InvalidJson', 'the body is not valid JSON');
            return next(false);
          }
        } else {
          const form = formOf(text);
          if (!form) {
            sendJsonError(res, 400, 'TooManyFields', `a form may have at most ${MAX_FORM_FIELDS} fields`);
            return next(false);
          }
          req.body = sanitizeInputValue(form);
        }
        next();
      },
      (err: getRawBody.RawBodyError) => {
        clearTimeout(deadline);
        if (!res.headersSent) {
          if (err.status === 413) refuse(req, res, 413, 'PayloadTooLarge', `the body may have at most ${limits.maxBytes} bytes`);
          else refuse(req, res, 400, 'BadRequest', 'the body could not be read');
        }
        next(false);
      },
    );
  };
}
