// The staff console under /staff. Every page and action needs a session (pages redirect to the
// sign-in, anything else answers 401); every form post needs the session's CSRF token; sign-in
// attempts are limited; every change is written to the audit log.
import type * as restify from 'restify';
import type { Assistant } from '../answer/assistant.js';
import { AttemptLimiter } from '../feedback/attemptLimiter.js';
import { FEEDBACK_STATUSES, type FeedbackFilter, type FeedbackStatus } from '../feedback/types.js';
import { FEEDBACK_KINDS, type FeedbackKind } from '../knowledge/schema.js';
import type { ClientAddressOf } from '../http/clientAddress.js';
import { sendJsonError } from '../http/jsonError.js';
import { queryRecord } from '../http/query.js';
import type { Logger } from '../logger.js';
import type { FeedbackRecord } from '../feedback/types.js';
import type { FeedbackRepository } from '../storage/feedbackRepository.js';
import type { QuestionLog } from '../storage/questionLog.js';
import type { RatingStore } from '../storage/ratingStore.js';
import type { UsageLog } from '../storage/usageLog.js';
import { feedbackCsv } from './csv.js';
import { buildDashboard } from './dashboard.js';
import { addExample, createDraftTopic } from './knowledgeEditor.js';
import { dashboardPage, feedbackDetailPage, feedbackListPage, loginPage, reportsPage, unansweredPage, type PageContext } from './pages.js';
import { createPasswordChecker, HashingBusyError } from './passwords.js';
import { groupReports, reportKey } from './reportGroups.js';
import { csrfMatches, SessionStore, type StaffSession } from './sessions.js';
import { readUsers, type ConsoleStore } from './staffStore.js';
import { UnansweredGroups } from './unansweredGroups.js';

export interface StaffDeps {
  assistant: Assistant;
  feedback: FeedbackRepository;
  questions: QuestionLog;
  ratings: RatingStore;
  usage: UsageLog;
  store: ConsoleStore;
  usersFile: string;
  knowledgeDir: string;
  /** Mark the cookie Secure even without a TLS hint from a proxy. */
  secureCookies: boolean;
  /** The client's address, through the trusted proxies. */
  clientAddressOf: ClientAddressOf;
  logger: Logger;
  /** Tells staff about a record made in the console, as about one from a citizen. */
  onFeedbackSaved?: (record: FeedbackRecord) => void;
  /** Staff get no e-mail about new records (SMTP_URL or STAFF_EMAIL empty): the dashboard says so. */
  notificationsOff?: boolean;
  now?: () => Date;
}

const COOKIE = 'staff_session';
/** Wrong passwords allowed for one account from one client in the window. */
const LOGIN_ATTEMPTS = 5;
/** Wrong passwords allowed from one client in the window, whatever the accounts. */
const CLIENT_LOGIN_ATTEMPTS = 20;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** A hash to compare against when the user does not exist, so timing does not reveal user names. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

function cookieOf(req: restify.Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function isHttps(req: restify.Request): boolean {
  return String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
}

function sendPage(res: restify.Response, body: string, status = 200): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function redirect(res: restify.Response, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

const form = (req: restify.Request): Record<string, unknown> => (typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {});
const field = (req: restify.Request, name: string): string => {
  const v = form(req)[name];
  return typeof v === 'string' ? v : '';
};

function filterOf(query: Record<string, unknown>): FeedbackFilter {
  const kind = String(query.kind ?? '');
  const status = String(query.status ?? '');
  const date = (v: unknown, end: boolean) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}${end ? 'T23:59:59.999Z' : 'T00:00:00.000Z'}` : undefined);
  return {
    ...(FEEDBACK_KINDS.includes(kind as FeedbackKind) ? { kind: kind as FeedbackKind } : {}),
    ...(FEEDBACK_STATUSES.includes(status as FeedbackStatus) ? { status: status as FeedbackStatus } : {}),
    ...(date(query.from, false) ? { from: date(query.from, false) } : {}),
    ...(date(query.to, true) ? { to: date(query.to, true) } : {}),
  };
}

export function mountStaff(server: restify.Server, deps: StaffDeps): void {
  const { assistant, store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const sessions = new SessionStore();
  // Keyed on the client and on the account from that client, never on the account alone: a stranger
  // who types a clerk's name with wrong passwords locks out only themselves.
  const accountLimiter = new AttemptLimiter(LOGIN_ATTEMPTS, LOGIN_WINDOW_MS);
  const clientLimiter = new AttemptLimiter(CLIENT_LOGIN_ATTEMPTS, LOGIN_WINDOW_MS);
  const checkPassword = createPasswordChecker();
  const t = assistant.renderContext('bg').t;
  const ctxOf = (session?: StaffSession, notice?: string): PageContext => ({ t, user: session?.user, csrf: session?.csrf, notice });
  /** The page context, with the session's one-time message taken out of it. */
  const pageCtx = (session: StaffSession): PageContext => {
    const notice = session.flash;
    delete session.flash;
    return ctxOf(session, notice);
  };
  const redirectWith = (res: restify.Response, session: StaffSession, location: string, notice: string) => {
    session.flash = notice;
    redirect(res, location);
  };
  const title = (id: string) => assistant.titleOf(id, 'bg');

  type Handler = (req: restify.Request, res: restify.Response, session: StaffSession) => Promise<void>;

  /** Pages redirect to the sign-in without a session; posts also need the CSRF token. */
  const guarded = (kind: 'page' | 'action' | 'file', handler: Handler) => async (req: restify.Request, res: restify.Response) => {
    const session = sessions.get(cookieOf(req, COOKIE));
    if (!session) {
      if (kind === 'page') redirect(res, '/staff/login');
      else sendJsonError(res, 401, 'Unauthorized', t('staff.unauthorized'));
      return;
    }
    if (kind === 'action' && !csrfMatches(session, form(req)._csrf)) {
      sendJsonError(res, 403, 'CsrfTokenInvalid', t('staff.csrf'));
      return;
    }
    try {
      await handler(req, res, session);
    } catch (err) {
      logger.error({ err, url: req.url }, 'staff action failed');
      sendJsonError(res, 500, 'Error', 'internal error');
    }
  };

  const audit = (session: StaffSession, action: string, target?: string, details?: string) =>
    store.audit({ user: session.user, action, ...(target ? { target } : {}), ...(details ? { details } : {}) });

  server.get('/staff/login', async (req: restify.Request, res: restify.Response) => {
    if (sessions.get(cookieOf(req, COOKIE))) return redirect(res, '/staff');
    sendPage(res, loginPage(ctxOf()));
  });

  server.post('/staff/login', async (req: restify.Request, res: restify.Response) => {
    const user = field(req, 'user').trim().slice(0, 100);
    const ip = deps.clientAddressOf(req);
    const accountKey = `${ip}\u0000${user}`;
    if (accountLimiter.isBlocked(accountKey) || clientLimiter.isBlocked(ip)) return sendPage(res, loginPage(ctxOf(), t('staff.login.blocked')), 429);
    // Counted as a failure before anything is awaited, so that parallel attempts cannot all pass the
    // check; a right password takes its count back.
    accountLimiter.recordFailure(accountKey);
    clientLimiter.recordFailure(ip);
    const forgive = () => {
      accountLimiter.forgiveOne(accountKey);
      clientLimiter.forgiveOne(ip);
    };
    const account = (await readUsers(deps.usersFile)).find((u) => u.name === user);
    let ok: boolean;
    try {
      ok = await checkPassword(field(req, 'password'), account?.passwordHash ?? DUMMY_HASH);
    } catch (err) {
      if (!(err instanceof HashingBusyError)) throw err;
      forgive();
      return sendPage(res, loginPage(ctxOf(), t('staff.login.busy')), 503);
    }
    if (!account || !ok) {
      await store.audit({ user: user || '?', action: 'login-failed', details: ip });
      return sendPage(res, loginPage(ctxOf(), t('staff.login.failed')), 401);
    }
    forgive();
    const session = sessions.create(account.name);
    await audit(session, 'login', undefined, ip);
    const secure = deps.secureCookies || isHttps(req) ? '; Secure' : '';
    res.header('set-cookie', `${COOKIE}=${session.id}; HttpOnly; SameSite=Strict; Path=/staff${secure}`);
    redirect(res, '/staff');
  });

  server.post(
    '/staff/logout',
    guarded('action', async (_req, res, session) => {
      sessions.destroy(session.id);
      await audit(session, 'logout');
      res.header('set-cookie', `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/staff; Max-Age=0`);
      redirect(res, '/staff/login');
    }),
  );

  server.get(
    '/staff',
    guarded('page', async (_req, res, session) => {
      const dashboard = buildDashboard({ usage: deps.usage.list(), ratings: deps.ratings.list(), feedback: deps.feedback.list(), kb: assistant.kb, today: now() });
      sendPage(res, dashboardPage(ctxOf(session), dashboard, title, deps.notificationsOff));
    }),
  );

  // Grouped incrementally: each request groups only the questions logged since the last one.
  const unanswered = new UnansweredGroups(() => assistant.index.pipeline);
  const groupOf = (key: string) => {
    unanswered.update(deps.questions.list());
    return unanswered.find(key);
  };

  server.get(
    '/staff/unanswered',
    guarded('page', async (req, res, session) => {
      unanswered.update(deps.questions.list());
      const page = unanswered.page(Number(queryRecord(req).page ?? 1), store.dismissed());
      sendPage(res, unansweredPage(pageCtx(session), page, assistant.kb, 'bg', title));
    }),
  );


  server.post(
    '/staff/unanswered/attach',
    guarded('action', async (req, res, session) => {
      const group = groupOf(field(req, 'key'));
      const entryId = field(req, 'entryId');
      if (!group) return redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.failed', { error: 'no such group' }));
      try {
        let file = '';
        for (const text of new Set(group.questions.map((q) => q.text))) {
          const lang = group.questions.find((q) => q.text === text)?.lang === 'en' ? 'en' : 'bg';
          file = await addExample(deps.knowledgeDir, assistant.kb, entryId, lang, text);
        }
        await assistant.reload();
        await store.dismiss(group.key);
        await audit(session, 'attach-questions', entryId, `${group.count} question(s) → ${file}`);
        redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.attached', { title: title(entryId), file }));
      } catch (err) {
        redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.failed', { error: err instanceof Error ? err.message : String(err) }));
      }
    }),
  );

  server.post(
    '/staff/unanswered/draft',
    guarded('action', async (req, res, session) => {
      const group = groupOf(field(req, 'key'));
      if (!group) return redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.failed', { error: 'no such group' }));
      const first = group.questions[0];
      const file = await createDraftTopic(deps.knowledgeDir, first.text, first.lang === 'en' ? 'en' : 'bg', now().toISOString().slice(0, 10));
      await store.dismiss(group.key);
      await audit(session, 'draft-topic', file, first.text);
      redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.drafted', { file }));
    }),
  );

  server.post(
    '/staff/unanswered/dismiss',
    guarded('action', async (req, res, session) => {
      const group = groupOf(field(req, 'key'));
      if (group) {
        await store.dismiss(group.key);
        await audit(session, 'dismiss-questions', group.key, `${group.count} question(s)`);
      }
      redirectWith(res, session, '/staff/unanswered', t('staff.unanswered.dismissed'));
    }),
  );

  const reportGroups = () => groupReports(deps.questions.list(), assistant.reports, assistant.kb.signals, store.dismissed());

  server.get(
    '/staff/reports',
    guarded('page', async (_req, res, session) => {
      sendPage(res, reportsPage(pageCtx(session), reportGroups(), 'bg'));
    }),
  );

  /** One report from the log becomes a feedback record; the citizen cannot be reached, so it says it came from the log. */
  server.post(
    '/staff/reports/record',
    guarded('action', async (req, res, session) => {
      const id = field(req, 'id');
      const found = reportGroups().flatMap((g) => g.reports.map((r) => ({ ...r, category: g.category }))).find((r) => r.question.id === id);
      if (!found) return redirectWith(res, session, '/staff/reports', t('staff.reports.gone'));
      const { question: q, category, place } = found;
      const { record } = await deps.feedback.create({
        kind: category.kind,
        category: category.id,
        origin: 'unanswered-log',
        by: session.user,
        description: q.text,
        ...(place ? { location: place } : {}),
        lang: q.lang,
        channel: q.channel,
        conversationId: q.conversation,
      });
      await deps.questions.markRegistered(q.id, record.reference);
      await audit(session, 'report-recorded', record.reference, category.id);
      deps.onFeedbackSaved?.(record);
      redirectWith(res, session, '/staff/reports', t('staff.reports.recorded', { reference: record.reference }));
    }),
  );

  server.post(
    '/staff/reports/dismiss',
    guarded('action', async (req, res, session) => {
      const id = field(req, 'id');
      if (deps.questions.list().some((q) => q.id === id)) {
        await store.dismiss(reportKey(id));
        await audit(session, 'report-dismissed', id);
      }
      redirectWith(res, session, '/staff/reports', t('staff.reports.dismissed'));
    }),
  );

  server.get(
    '/staff/feedback',
    guarded('page', async (req, res, session) => {
      const query = queryRecord(req);
      const filter = filterOf(query);
      const search = new URLSearchParams(Object.entries(query).filter(([, v]) => typeof v === 'string' && v) as Array<[string, string]>).toString();
      const records = deps.feedback.list(filter).reverse();
      sendPage(res, feedbackListPage(ctxOf(session), records, filter, search ? `?${search}` : ''));
    }),
  );

  server.get(
    '/staff/feedback/export.csv',
    guarded('file', async (req, res, session) => {
      const records = deps.feedback.list(filterOf(queryRecord(req)));
      const csv = feedbackCsv(records, t);
      await audit(session, 'export-feedback', undefined, `${records.length} record(s)`);
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="feedback.csv"', 'cache-control': 'no-store' });
      res.end(csv);
    }),
  );

  const recordOf = (req: restify.Request) => deps.feedback.getByReference(decodeURIComponent(String(req.params.reference ?? '')));

  server.get(
    '/staff/feedback/:reference',
    guarded('page', async (req, res, session) => {
      const record = recordOf(req);
      if (!record) return sendPage(res, feedbackListPage(ctxOf(session, t('staff.feedback.notFound')), [], {}, ''), 404);
      sendPage(res, feedbackDetailPage(pageCtx(session), record, (id) => assistant.kb.signals.find((c) => c.id === id)?.title.bg ?? id));
    }),
  );

  const change = (action: 'status' | 'reply' | 'erase') =>
    guarded('action', async (req, res, session) => {
      const record = recordOf(req);
      if (!record) return sendJsonError(res, 404, 'NotFound', t('staff.feedback.notFound'));
      if (action === 'status') {
        const status = field(req, 'status') as FeedbackStatus;
        if (!FEEDBACK_STATUSES.includes(status)) return sendJsonError(res, 400, 'BadRequest', 'unknown status');
        await deps.feedback.updateStatus(record.reference, status, session.user);
        await audit(session, 'feedback-status', record.reference, status);
      } else if (action === 'reply') {
        const reply = field(req, 'reply').trim().slice(0, 2000);
        await deps.feedback.appendReply(record.reference, reply, session.user);
        await audit(session, 'feedback-reply', record.reference);
      } else {
        await deps.feedback.anonymise(record.reference, session.user);
        await audit(session, 'feedback-erase', record.reference);
      }
      redirectWith(res, session, `/staff/feedback/${encodeURIComponent(record.reference)}`, t('staff.feedback.updated'));
    });
  server.post('/staff/feedback/:reference/status', change('status'));
  server.post('/staff/feedback/:reference/reply', change('reply'));
  server.post('/staff/feedback/:reference/erase', change('erase'));
}
