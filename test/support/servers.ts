import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { onTestFinished } from 'vitest';
import { listenOnLoopback } from './loopback.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/**
 * A real HTTP server on 127.0.0.1 for the running test; `handle` gets the request number (0-based). It is closed,
 * open connections included, when that test finishes, also when it fails. Call it inside a test only.
 */
export async function startServer(handle: (request: SeenRequest, response: ServerResponse, index: number) => void) {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() };
      requests.push(seen);
      handle(seen, res, requests.length - 1);
    });
  });
  const loopback = await listenOnLoopback(server);
  onTestFinished(() => loopback.close());
  return { url: loopback.url, origin: loopback.url, requests };
}

/** A TCP server for the running test that accepts connections and never answers; closed when the test finishes. */
export async function startSilentServer() {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    socket.on('error', () => {});
  });
  const loopback = await listenOnLoopback(server);
  onTestFinished(() => loopback.close());
  return { url: loopback.url, connections: () => connections };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
