import { expect } from 'vitest';
import { createAuthentikClient, InvalidArgumentError, type ClientOptions } from '../../src/index.js';
import { BASE_URL, DOCUMENTED_EXAMPLE, TOKEN } from './fixtures.js';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that records each request and answers with `respond`; no server, no network. */
export function fakeFetch(respond: (request: RecordedRequest) => Response = () => json(DOCUMENTED_EXAMPLE)) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const sent = new Request(input, init);
    const text = await sent.text();
    const request: RecordedRequest = {
      url: sent.url,
      method: sent.method,
      headers: Object.fromEntries(sent.headers.entries()),
      body: text === '' ? undefined : text,
    };
    requests.push(request);
    return respond(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** A client of BASE_URL with TOKEN whose fetch is a `fakeFetch(respond)`; `options` override either. */
export function fakeClient(respond?: (request: RecordedRequest) => Response, options: ClientOptions = {}) {
  const fake = fakeFetch(respond);
  const authentik = createAuthentikClient({ baseUrl: BASE_URL, token: TOKEN, fetch: fake.fetch, ...options });
  return { ...fake, authentik, stages: authentik.passwordStages };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The InvalidArgumentError createAuthentikClient throws for `options`; a client created fails the test. */
export function refusedClientOptions(options: unknown): InvalidArgumentError {
  try {
    createAuthentikClient(options as ClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected createAuthentikClient to throw');
}
