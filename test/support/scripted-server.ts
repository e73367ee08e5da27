import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback.js';

/** Where a redirect points; the server writes the Location when it answers, so that it can name its own ports. */
export type Target =
  | { kind: 'same-origin' | 'other-origin' | 'relative' | 'scheme-relative' }
  | { kind: 'password'; password: string } // http://user:<password>@ this origin
  | { kind: 'raw'; location: string }; // data:, file:, ftp:, javascript:, not a URL, …

/** One answer of a scripted case. */
export interface Step {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** Milliseconds before the status line is written. */
  delayMs: number;
  redirect?: Target | undefined;
  /** 'long' claims more bytes than are sent, then closes; 'short' claims fewer than are sent. */
  lengthLie?: 'long' | 'short' | undefined;
  /** Drops the connection: before anything is written, or halfway through the body. */
  cut?: 'before' | 'mid-body' | undefined;
}

export interface Arrival {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The request is a hop of a redirect chain, not a call's own request. */
  hop: boolean;
  /** The request is a hop at, or after, an origin other than the one the call started at. */
  away: boolean;
}

// A redirect's target path carries what the chain has done so far: `~hop` marks a hop, `~away` a hop after leaving the
// origin.
const HOP = '~hop';
const AWAY = '~away';

/**
 * One HTTP server for a whole test file, answering on two ports of 127.0.0.1 (two origins, so that redirects can leave
 * the first): each case's calls go to `/c<id>/…` and get the case's steps in order, the last one repeated. Timers the
 * server sets are unref'd and cleared when the client hangs up, so that they are neither counted nor left as the SDK's.
 */
export async function startScriptedServer() {
  const cases = new Map<string, { steps: Step[]; arrivals: Arrival[]; open: number }>();
  const origins: string[] = [];

  const handle = (port: 0 | 1) => (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const id = /^\/(c\d+)\//.exec(path)?.[1];
    const script = id === undefined ? undefined : cases.get(id);
    if (!script) return void res.writeHead(410).end();
    const arrival: Arrival = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      body: '',
      hop: path.includes(HOP) || path.includes(AWAY),
      away: port === 1 || path.includes(AWAY),
    };
    script.arrivals.push(arrival);
    req.on('data', (chunk: Buffer) => (arrival.body += chunk.toString('latin1')));
    const step = script.steps[Math.min(script.arrivals.length - 1, script.steps.length - 1)]!;
    script.open++;
    res.on('close', () => (script.open--, clearTimeout(timer)));
    const timer = setTimeout(() => answer(res, step, id!, arrival, port), step.delayMs).unref();
  };

  function location(target: Target, id: string, arrival: Arrival, port: 0 | 1, index: number): string {
    const here = origins[port]!;
    const marker = arrival.away ? AWAY : HOP;
    switch (target.kind) {
      case 'same-origin':
        return `${here}/${id}/${marker}/${index}`;
      case 'other-origin':
        return `${origins[1 - port]}/${id}/${AWAY}/${index}`;
      case 'relative':
        return `${marker}-${index}/next`;
      case 'scheme-relative':
        return `//${new URL(here).host}/${id}/${marker}/${index}`;
      case 'password':
        return `http://user:${target.password}@${new URL(here).host}/${id}/${marker}/${index}`;
      case 'raw':
        return target.location;
    }
  }

  function answer(res: ServerResponse, step: Step, id: string, arrival: Arrival, port: 0 | 1) {
    if (step.cut === 'before') return void res.socket?.destroy();
    const body = typeof step.body === 'string' ? Buffer.from(step.body) : Buffer.from(step.body);
    const headers: Record<string, string> = { ...step.headers };
    if (step.redirect) headers.location = location(step.redirect, id, arrival, port, cases.get(id)!.arrivals.length);
    if (step.lengthLie)
      headers['content-length'] = String(step.lengthLie === 'long' ? body.length + 10 : Math.max(0, body.length - 3));
    res.writeHead(step.status, headers);
    if (step.cut === 'mid-body' || step.lengthLie === 'long') {
      res.write(body.subarray(0, body.length >> 1));
      return void setTimeout(() => res.socket?.destroy(), 5).unref();
    }
    res.end(body);
  }

  const [first, second] = await Promise.all(
    [0, 1].map((port) => listenOnLoopback(createServer(handle(port as 0 | 1)))),
  );
  origins.push(first!.url, second!.url);
  let next = 0;
  return {
    /** Registers a case; its calls go to `base` (the API root on the first origin). */
    open(steps: Step[]) {
      const id = `c${next++}`;
      const script = { steps, arrivals: [] as Arrival[], open: 0 };
      cases.set(id, script);
      return { id, base: `${origins[0]}/${id}/api/v3`, arrivals: script.arrivals, busy: () => script.open > 0 };
    },
    /** What every case has received so far, by case id. */
    all: () => [...cases].map(([id, script]) => ({ id, arrivals: script.arrivals })),
    origins,
    close: () => Promise.all([first!.close(), second!.close()]),
  };
}
export type ScriptedServer = Awaited<ReturnType<typeof startScriptedServer>>;
