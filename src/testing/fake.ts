import type { PasswordStage } from '../../generated/hey-api/types.gen.js';
import { randomUuid } from './answers.js';
import { createCore, type ReceivedRequest } from './core.js';
import { MAX_BODY_BYTES } from './incoming.js';
import type { Fault, FaultOptions } from './faults.js';
import { listen, type Listening } from './listen.js';
import { CONTRACT_RELEASE, RELEASES, type Release } from './releases.js';
import {
  initialData,
  serializeStage,
  type FlowInit,
  type ReferenceInit,
  type Server,
  type StageInit,
  type Tokens,
} from './state.js';

/** Options of `createFakeAuthentik`; all are optional. */
export interface FakeAuthentikOptions {
  /** The authentik release to answer as. Default: `'2025.10.4'`, the release of the SDK's contract. */
  release?: Release | undefined;
  /** The API root the fake serves, which `fetch` answers for. Default: `'https://authentik.test/api/v3'`. */
  baseUrl?: string | undefined;
  /**
   * Your own stages. With `stages` or `flows` the fake starts from your data only. Default: authentik's default
   * password stages.
   */
  stages?: readonly StageInit[] | undefined;
  /** Your own flows, each binding the stages it names. Default: the flows of authentik's default password stages. */
  flows?: readonly FlowInit[] | undefined;
  /** Other objects that refer to a stage, for `usedBy`. Default: none. */
  references?: readonly ReferenceInit[] | undefined;
}

export interface FakeAuthentik {
  /** The release the fake answers as. */
  readonly release: Release;
  /** The API root to pass as the client's `baseUrl` together with `fetch`. */
  readonly baseUrl: string;
  /** A valid API token with every permission: `tokens.valid`. */
  readonly token: string;
  /** Tokens for each answer of authentik's authentication: valid, valid but without permission (403), expired (403). */
  readonly tokens: Readonly<Tokens>;
  /** Serves the API from memory: pass it as the client's `fetch`. Also takes `fetch(url, init)` and MSW's `request`. */
  readonly fetch: typeof globalThis.fetch;
  /**
   * Serves the same fake on a free 127.0.0.1 port (Node.js and Bun). Any request gets an answer or a closed
   * connection; a body over 2.5 MiB is answered 413 unread.
   */
  listen(): Promise<Listening>;
  /** The stages as the API would answer them now, ordered by name. */
  stages(): PasswordStage[];
  /** Every request received so far, oldest first; credentials in headers read `[redacted]`. */
  readonly requests: readonly ReceivedRequest[];
  /**
   * Makes the next `times` (default 1) requests fail with `fault`; a 429 asks to wait `retryAfter` seconds (default 0).
   * Throws a TypeError for an unknown fault or option, or a count that is not a whole number.
   */
  failNext(fault: Fault, options?: FaultOptions): void;
}

const token = () => randomUuid().replaceAll('-', '') + randomUuid().replaceAll('-', '').slice(0, 28);

/** The reason fetch rejects with when the server resets the connection, as Node.js's fetch words it. */
function connectionReset(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
  return new TypeError('fetch failed', { cause });
}

/** A stateful fake of authentik's password-stage API that answers as the release's authentik does. */
export function createFakeAuthentik(options: FakeAuthentikOptions = {}): FakeAuthentik {
  const release = options.release ?? CONTRACT_RELEASE;
  if (!RELEASES.includes(release))
    throw new TypeError(`createFakeAuthentik: release must be one of ${RELEASES.join(', ')}; got ${String(release)}`);
  const root = new URL(options.baseUrl ?? 'https://authentik.test/api/v3');
  const tokens: Tokens = { valid: token(), withoutPermission: token(), expired: token() };
  const server: Server = {
    release,
    root: root.pathname.replace(/\/+$/, ''),
    tokens,
    data: initialData(release, options),
  };
  const core = createCore(server);

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    const bytes = await request.arrayBuffer();
    const outcome = core.serve({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: new TextDecoder().decode(bytes),
      tooLarge: bytes.byteLength > MAX_BODY_BYTES,
    });
    if (outcome === 'reset') throw connectionReset();
    if (outcome === 'no-answer') {
      return new Promise((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    signal.throwIfAborted();
    return outcome;
  };

  return {
    release,
    baseUrl: root.href.replace(/\/+$/, ''),
    token: tokens.valid,
    tokens: Object.freeze({ ...tokens }),
    fetch: fetch as typeof globalThis.fetch,
    listen: () => listen(core.serve, server.root),
    stages: () =>
      server.data.stages
        .map((stage) => serializeStage(server.data, release, stage))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    get requests() {
      return core.requests.slice();
    },
    failNext: core.failNext,
  };
}
