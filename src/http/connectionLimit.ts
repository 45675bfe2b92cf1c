// Open connections per client address. The server-wide cap (MAX_CONNECTIONS) alone let one address
// take every slot (1,100 connections that never finish their headers locked every other client out
// for up to half a minute); with this, one address holds at most `max` and the rest are closed as
// they open. Counted per socket address: at that moment no header has arrived, so the client named
// by X-Forwarded-For is not known yet. The trusted proxies (TRUST_PROXY) are exempt, since every
// client behind one shares its address; the proxy is the one that can bound each client (README).
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface AddressCounter {
  /** Counts a new connection from `address`; false when it would pass the cap (it is then not counted). */
  open(address: string): boolean;
  /** A counted connection from `address` closed. */
  close(address: string): void;
  /** Addresses with open connections, for tests. */
  readonly size: number;
}

/** Pure bookkeeping, apart from the sockets. */
export function addressCounter(max: number): AddressCounter {
  const open = new Map<string, number>();
  return {
    open(address) {
      const count = open.get(address) ?? 0;
      if (count >= max) return false;
      open.set(address, count + 1);
      return true;
    },
    close(address) {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    },
    get size() {
      return open.size;
    },
  };
}

/** Closes each connection past `max` from one address, unless `exempt` says the address is a trusted proxy. */
export function limitConnectionsPerAddress(server: Server, max: number, exempt: (address: string) => boolean): AddressCounter {
  const counter = addressCounter(max);
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address || exempt(address)) return;
    if (!counter.open(address)) {
      socket.destroy();
      return;
    }
    socket.once('close', () => counter.close(address));
  });
  return counter;
}
