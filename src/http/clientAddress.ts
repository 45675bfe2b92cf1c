// Who a request comes from. Behind a reverse proxy every request arrives from the proxy's address,
// so limits keyed on the socket address would put every citizen and clerk in one bucket: the
// proxies named in TRUST_PROXY are believed about the client (X-Forwarded-For), nobody else is.
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type ClientAddressOf = (req: IncomingMessage) => string;

/** Throws on a malformed TRUST_PROXY entry (config.ts turns that into one clear line). */
export function clientAddressResolver(trustProxy: readonly string[]): ClientAddressOf {
  const trust = proxyaddr.compile([...trustProxy]);
  return (req) => {
    try {
      return proxyaddr(req, trust);
    } catch {
      return req.socket.remoteAddress ?? 'unknown';
    }
  };
}

/** Whether a socket address is one of the proxies named in TRUST_PROXY (their connections carry many clients). */
export function trustedProxyTest(trustProxy: readonly string[]): (address: string) => boolean {
  const trust = proxyaddr.compile([...trustProxy]);
  return (address) => trust(address, 0);
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** A request from this machine that no proxy relayed (a relayed one says so in a Forwarded header). */
export function isLocalRequest(req: IncomingMessage): boolean {
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  return !relayed && LOOPBACK.test(req.socket.remoteAddress ?? '');
}
