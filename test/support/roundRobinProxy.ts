// A small round-robin HTTP proxy on a loopback port, standing in for the load balancer an operator
// puts in front of several bot instances: each request (and each WebSocket upgrade, piped as raw
// bytes) goes to the next instance in turn. A request an instance refuses to connect (it was
// killed) goes to the next one, as a load balancer's health check would arrange.
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Which instance (index into the targets) each request went to, in order. */
  readonly routed: number[];
  close(): Promise<void>;
}

interface Target {
  host: string;
  port: number;
}

function targetOf(base: string): Target {
  const u = new URL(base);
  return { host: u.hostname, port: Number(u.port) };
}

export async function startRoundRobinProxy(bases: string[]): Promise<RoundRobinProxy> {
  const targets = bases.map(targetOf);
  const routed: number[] = [];
  let next = 0;
  const pick = () => {
    const i = next % targets.length;
    next += 1;
    return i;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tries: number) => {
    const i = pick();
    const upstream = request({ ...targets[i], method: req.method, path: req.url, headers: req.headers }, (answer) => {
      routed.push(i);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && tries < targets.length) forward(req, res, body, tries + 1);
      else if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), 1));
  });

  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const i = pick();
    const upstream = connect(targets[i].port, targets[i].host, () => {
      routed.push(i);
      const headers = Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`]));
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routed,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
