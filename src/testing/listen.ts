// listen(): the fake behind a node:http server on 127.0.0.1, for code that does not take a fetch. node:http is
// imported only when this runs, through a specifier bundlers leave alone, so that the fetch mode bundles for a
// browser without Node built-ins. The few parts of node:http used are typed here for the same reason.
//
// The code under test may send anything, so nothing here may throw: every request is answered (405 and 403 by the
// core, 400 for what cannot be read, 413 for a body over the limit) or its connection closed.
import { detail } from './answers.js';
import { MAX_BODY_BYTES, type Incoming } from './incoming.js';
import type { Outcome } from './faults.js';

interface Socket {
  destroy(): void;
  resetAndDestroy?(): void;
  once(event: 'close', listener: () => void): void;
  writable: boolean;
  end(data: string): void;
}
interface IncomingMessage {
  method?: string;
  url?: string;
  rawHeaders: string[];
  socket: Socket;
  on(event: 'data', listener: (chunk: Uint8Array) => void): void;
  on(event: 'end' | 'error', listener: () => void): void;
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
  on(event: 'clientError', listener: (error: Error, socket: Socket) => void): void;
  on(event: 'checkExpectation', listener: Handler): void;
}
type Handler = (request: IncomingMessage, response: ServerResponse) => void;
type NodeHttp = { createServer(options: { requireHostHeader: boolean }, handler: Handler): HttpServer };

/** What listen() resolves to: the fake's API root on a loopback port, and how to stop it. */
export interface Listening {
  /** The API root, e.g. `http://127.0.0.1:41234/api/v3`. */
  url: string;
  /** Stops the server; connections still open (an answer that never comes) are closed. */
  close(): Promise<void>;
}

const NODE_HTTP = 'node:http';
const MALFORMED = 'Malformed request.';
// What node:http could not parse never reaches the handler; it gets DRF's wording too, and the connection closes.
const MALFORMED_BODY = JSON.stringify({ detail: MALFORMED });
const MALFORMED_ANSWER =
  'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n' +
  `Content-Length: ${MALFORMED_BODY.length}\r\n\r\n${MALFORMED_BODY}`;

/** The URL of an origin-form (`/path`) or absolute-form (`http://host/path`) target; undefined for any other. */
function urlOf(origin: string, target: string): URL | undefined {
  try {
    if (target.startsWith('/')) return new URL(origin + target);
    const absolute = new URL(target);
    return /^https?:$/.test(absolute.protocol) ? new URL(absolute.pathname + absolute.search, origin) : undefined;
  } catch {
    return undefined;
  }
}

function headersOf(raw: string[]): Headers | undefined {
  try {
    const headers = new Headers();
    for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
    return headers;
  } catch {
    return undefined;
  }
}

export async function listen(serve: (request: Incoming) => Outcome, root: string): Promise<Listening> {
  const http = (await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_HTTP)) as NodeHttp;
  const sockets = new Set<Socket>();
  let origin = '';
  const handle: Handler = (incoming, outgoing) => {
    const { socket } = incoming;
    const send = async (outcome: Outcome, close = false) => {
      if (outcome === 'no-answer') return;
      if (outcome === 'reset') return socket.resetAndDestroy ? socket.resetAndDestroy() : socket.destroy();
      const body = new Uint8Array(await outcome.arrayBuffer());
      const headers: [string, string][] = [...outcome.headers, ['content-length', String(body.byteLength)]];
      outgoing.writeHead(outcome.status, close ? [...headers, ['connection', 'close']] : headers).end(body);
    };
    const answer = (outcome: () => Outcome, close?: boolean) =>
      Promise.resolve()
        .then(() => send(outcome(), close))
        .catch(() => socket.destroy());
    const url = urlOf(origin, incoming.url ?? '');
    const headers = headersOf(incoming.rawHeaders);
    if (!url || !headers) return void answer(() => detail(400, MALFORMED), true);
    const request: Incoming = { method: incoming.method ?? 'GET', url, headers, body: '' };
    // A body that is declared too large is refused before it is read; one that turns out too large, once it does. The
    // rest is discarded as it arrives, not kept: closing instead would reset the connection under a client still
    // sending, and the reset can destroy the 413 before the client reads it.
    if (Number(headers.get('content-length')) > MAX_BODY_BYTES) {
      return void answer(() => serve({ ...request, tooLarge: true }));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    incoming.on('data', (chunk) => {
      if (size > MAX_BODY_BYTES) return;
      size += chunk.byteLength;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else void answer(() => serve({ ...request, tooLarge: true }));
    });
    incoming.on('error', () => socket.destroy());
    incoming.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      const bytes = new Uint8Array(size);
      chunks.reduce((at, chunk) => (bytes.set(chunk, at), at + chunk.byteLength), 0);
      const body = new TextDecoder().decode(bytes);
      void answer(() => serve({ ...request, body }));
    });
  };
  // Left to itself, node:http answers a request without Host, or with an Expect it does not know, with a bare 400 or
  // 417 of its own; the fake answers them as it answers any other request.
  const server = http.createServer({ requireHostHeader: false }, handle);
  server.on('checkExpectation', handle);
  server.on('clientError', (_error, socket) => (socket.writable ? socket.end(MALFORMED_ANSWER) : socket.destroy()));
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
