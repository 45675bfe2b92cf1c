// Without an app id the Bot Framework endpoint accepts unauthenticated posts and
// replies to whatever serviceUrl the caller names. To keep the bot from being a
// relay for requests to arbitrary hosts, it then answers only loopback
// serviceUrls and those on the configured allow-list.

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isAllowedServiceUrl(serviceUrl: unknown, allowList: readonly string[]): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  if (LOOPBACK_HOSTS.test(url.hostname)) return true;
  const normalised = url.href;
  return allowList.some((prefix) => {
    try {
      const allowed = new URL(prefix);
      return url.origin === allowed.origin && normalised.startsWith(allowed.href);
    } catch {
      return false;
    }
  });
}
