// listen(): the fake behind a node:http server on 127.0.0.1, for code that does not take a fetch. node:http is
// imported only when this runs, through a specifier bundlers leave alone, so that the fetch mode bundles for a
// browser without Node built-ins. The few parts of node:http used are typed here for the same reason.
import type { Outcome } from './fake.js';

interface Socket {
  destroy(): void;
  resetAndDestroy?(): void;
  once(event: 'close', listener: () => void): void;
}
interface IncomingMessage {
  method?: string;
  url?: string;
  rawHeaders: string[];
  socket: Socket;
  on(event: 'data', listener: (chunk: Uint8Array) => void): void;
  on(event: 'end', listener: () => void): void;
}
interface ServerResponse {
  writeHead(status: number, headers: [string, string][]): ServerResponse;
  end(body?: Uint8Array): void;
}
interface HttpServer {
  listen(port: number, host: string, callback: () => void): void;
  address(): { port: number } | string | null;
  close(callback: () => void): void;
  on(event: 'connection', listener: (socket: Socket) => void): void;
}
type NodeHttp = { createServer(handler: (request: IncomingMessage, response: ServerResponse) => void): HttpServer };

/** What listen() resolves to: the fake's API root on a loopback port, and how to stop it. */
export interface Listening {
  /** The API root, e.g. `http://127.0.0.1:41234/api/v3`. */
  url: string;
  /** Stops the server; connections still open (an answer that never comes) are closed. */
  close(): Promise<void>;
}

const NODE_HTTP = 'node:http';

export async function listen(serve: (request: Request) => Promise<Outcome>, root: string): Promise<Listening> {
  const http = (await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_HTTP)) as NodeHttp;
  const sockets = new Set<Socket>();
  let origin = '';
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Uint8Array[] = [];
    incoming.on('data', (chunk) => chunks.push(chunk));
    incoming.on('end', () => {
      const headers = new Headers();
      for (let index = 0; index < incoming.rawHeaders.length; index += 2)
        headers.append(incoming.rawHeaders[index]!, incoming.rawHeaders[index + 1]!);
      const method = incoming.method ?? 'GET';
      const body = chunks.length && method !== 'GET' && method !== 'HEAD' ? new Blob(chunks as BlobPart[]) : null;
      void serve(new Request(origin + (incoming.url ?? '/'), { method, headers, body })).then(
        async (outcome) => {
          if (outcome === 'no-answer') return;
          if (outcome === 'reset')
            return incoming.socket.resetAndDestroy ? incoming.socket.resetAndDestroy() : incoming.socket.destroy();
          const bytes = new Uint8Array(await outcome.arrayBuffer());
          outgoing.writeHead(outcome.status, [...outcome.headers]).end(bytes);
        },
        () => incoming.socket.destroy(),
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: origin + root,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
