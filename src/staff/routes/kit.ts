// What every console route shares: the session guard (pages redirect to the sign-in, anything else
// answers 401; posts need the session's CSRF token), the page context with its one-time notice,
// HTML responses with their security headers, form fields (each within its length, formLimits.ts),
// and the audit log. Route modules get this kit and mount their own resource.
import type * as restify from 'restify';
import type { Translate } from '../../common/i18n.js';
import { sendJsonError } from '../../http/jsonError.js';
import type { Logger } from '../../common/logger.js';
import type { FormFields } from '../factsForm.js';
import { fieldTooLong } from '../formLimits.js';
import type { PageContext } from '../pages.js';
import { csrfMatches, type SessionStore, type StaffSession } from '../sessions.js';
import type { ConsoleStore } from '../consoleStore.js';

export const SESSION_COOKIE = 'staff_session';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

export type StaffHandler = (req: restify.Request, res: restify.Response, session: StaffSession) => Promise<void>;

export interface StaffKit {
  t: Translate;
  sessions: SessionStore;
  /** Pages redirect to the sign-in without a session; actions answer 401, and also need the CSRF token and fields within their lengths. */
  guarded(kind: 'page' | 'action' | 'file', handler: StaffHandler): restify.RequestHandler;
  /** The page context without the session's one-time notice. */
  ctxOf(session?: StaffSession, notice?: string): PageContext;
  /** The page context, with the session's one-time notice taken out of it. */
  pageCtx(session: StaffSession): Promise<PageContext>;
  sendPage(res: restify.Response, body: string, status?: number): void;
  redirect(res: restify.Response, location: string): void;
  /** Redirects, with a notice shown once on the next page. */
  redirectWith(res: restify.Response, session: StaffSession, location: string, notice: string): Promise<void>;
  audit(session: StaffSession, action: string, target?: string, details?: string): Promise<unknown>;
  /** A text field of the posted form ('' when missing or sent twice). */
  field(req: restify.Request, name: string): string;
  /** Every value of a field a form may send several times (checkboxes). */
  fieldValues(req: restify.Request, name: string): string[];
  /** The posted form's text fields. */
  formOf(req: restify.Request): FormFields;
  sessionOf(req: restify.Request): Promise<StaffSession | undefined>;
  /** Answers 400 and returns true when a field of the posted form is over its length. */
  refuseLongFields(req: restify.Request, res: restify.Response): boolean;
}

export function cookieOf(req: restify.Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined; // a malformed escape: no session has such an id
    }
  }
  return undefined;
}

const bodyOf = (req: restify.Request): Record<string, unknown> => (typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {});

export function createStaffKit(deps: { t: Translate; sessions: SessionStore; store: ConsoleStore; logger: Logger }): StaffKit {
  const { t, sessions, store, logger } = deps;

  const sendPage = (res: restify.Response, body: string, status = 200) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    res.end(body);
  };
  const redirect = (res: restify.Response, location: string) => {
    res.writeHead(303, { location, 'cache-control': 'no-store' });
    res.end();
  };
  const ctxOf = (session?: StaffSession, notice?: string): PageContext => ({ t, user: session?.user, csrf: session?.csrf, notice });
  const sessionOf = (req: restify.Request) => sessions.get(cookieOf(req, SESSION_COOKIE));
  const refuseLongFields = (req: restify.Request, res: restify.Response): boolean => {
    const long = fieldTooLong(bodyOf(req));
    if (!long) return false;
    sendJsonError(res, 400, 'FieldTooLong', t('staff.form.tooLong', long));
    return true;
  };

  return {
    t,
    sessions,
    sendPage,
    redirect,
    ctxOf,
    sessionOf,
    refuseLongFields,
    async pageCtx(session) {
      return ctxOf(session, await sessions.takeFlash(session.id));
    },
    async redirectWith(res, session, location, notice) {
      // Kept before the redirect is sent: the next page may be served by another instance.
      await sessions.setFlash(session.id, notice);
      redirect(res, location);
    },
    guarded: (kind, handler) => async (req: restify.Request, res: restify.Response) => {
      const session = await sessionOf(req);
      if (!session) {
        if (kind === 'page') redirect(res, '/staff/login');
        else sendJsonError(res, 401, 'Unauthorized', t('staff.unauthorized'));
        return;
      }
      if (kind === 'action' && !csrfMatches(session, bodyOf(req)._csrf)) {
        sendJsonError(res, 403, 'CsrfTokenInvalid', t('staff.csrf'));
        return;
      }
      if (refuseLongFields(req, res)) return;
      try {
        await handler(req, res, session);
      } catch (err) {
        logger.error({ err, url: req.url }, 'staff action failed');
        sendJsonError(res, 500, 'Error', 'internal error');
      }
    },
    audit: (session, action, target, details) => store.audit({ user: session.user, action, ...(target ? { target } : {}), ...(details ? { details } : {}) }),
    field(req, name) {
      const v = bodyOf(req)[name];
      return typeof v === 'string' ? v : '';
    },
    fieldValues: (req, name) => [bodyOf(req)[name]].flat().filter((v): v is string => typeof v === 'string'),
    formOf: (req) => Object.fromEntries(Object.entries(bodyOf(req)).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}
