// Signing in and out of the console. Attempts are limited per client and per account from that
// client (never per account alone: a stranger typing a clerk's name locks out only themselves), and
// counted before the password is hashed, so parallel attempts cannot all pass the check.
import type * as restify from 'restify';
import type { AttemptLimiterFactory } from '../../feedback/attemptLimiter.js';
import type { ClientAddressOf } from '../../http/clientAddress.js';
import { loginPage } from '../pages.js';
import { createPasswordChecker, HashingBusyError } from '../passwords.js';
import type { ConsoleStore } from '../consoleStore.js';
import type { StaffUsers } from '../staffUsers.js';
import { SESSION_COOKIE, type StaffKit } from './kit.js';

/** Wrong passwords allowed for one account from one client in the window. */
const LOGIN_ATTEMPTS = 5;
/** Wrong passwords allowed from one client in the window, whatever the accounts. */
const CLIENT_LOGIN_ATTEMPTS = 20;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** A hash to compare against when the user does not exist, so timing does not reveal user names. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface SignInDeps {
  store: ConsoleStore;
  staffUsers: StaffUsers;
  limiters: AttemptLimiterFactory;
  clientAddressOf: ClientAddressOf;
  /** Mark the cookie Secure even without a TLS hint from a proxy. */
  secureCookies: boolean;
}

function isHttps(req: restify.Request): boolean {
  return String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
}

export function mountSignIn(server: restify.Server, kit: StaffKit, deps: SignInDeps): void {
  const { t, sessions } = kit;
  const accountLimiter = deps.limiters('login-account', LOGIN_ATTEMPTS, LOGIN_WINDOW_MS);
  const clientLimiter = deps.limiters('login-client', CLIENT_LOGIN_ATTEMPTS, LOGIN_WINDOW_MS);
  const checkPassword = createPasswordChecker();

  server.get('/staff/login', async (req: restify.Request, res: restify.Response) => {
    if (await kit.sessionOf(req)) return kit.redirect(res, '/staff');
    kit.sendPage(res, loginPage(kit.ctxOf()));
  });

  server.post('/staff/login', async (req: restify.Request, res: restify.Response) => {
    if (kit.refuseLongFields(req, res)) return;
    const user = kit.field(req, 'user').trim();
    const ip = deps.clientAddressOf(req);
    const accountKey = `${ip}\u0000${user}`;
    // Counted as a failure, in one step with the check, before the password is hashed; a right
    // password takes its count back.
    const blocked = () => kit.sendPage(res, loginPage(kit.ctxOf(), t('staff.login.blocked')), 429);
    if (!(await accountLimiter.tryAttempt(accountKey))) return blocked();
    if (!(await clientLimiter.tryAttempt(ip))) {
      await accountLimiter.forgiveOne(accountKey);
      return blocked();
    }
    const forgive = () => Promise.all([accountLimiter.forgiveOne(accountKey), clientLimiter.forgiveOne(ip)]);
    const account = await deps.staffUsers.find(user);
    let ok: boolean;
    try {
      ok = await checkPassword(kit.field(req, 'password'), account?.passwordHash ?? DUMMY_HASH);
    } catch (err) {
      if (!(err instanceof HashingBusyError)) throw err;
      await forgive();
      return kit.sendPage(res, loginPage(kit.ctxOf(), t('staff.login.busy')), 503);
    }
    if (!account || !ok) {
      await deps.store.audit({ user: user || '?', action: 'login-failed', details: ip });
      return kit.sendPage(res, loginPage(kit.ctxOf(), t('staff.login.failed')), 401);
    }
    await forgive();
    const session = await sessions.create(account.name);
    await kit.audit(session, 'login', undefined, ip);
    const secure = deps.secureCookies || isHttps(req) ? '; Secure' : '';
    res.header('set-cookie', `${SESSION_COOKIE}=${session.id}; HttpOnly; SameSite=Strict; Path=/staff${secure}`);
    kit.redirect(res, '/staff');
  });

  server.post(
    '/staff/logout',
    kit.guarded('action', async (_req, res, session) => {
      await sessions.destroy(session.id);
      await kit.audit(session, 'logout');
      res.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/staff; Max-Age=0`);
      kit.redirect(res, '/staff/login');
    }),
  );
}
