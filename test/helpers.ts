import { inject } from 'vitest';
import { createAuthentikClient, type ClientOptions } from '../src/index.js';

export const STAGE_UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const TOKEN = 'test-token-5c1e';

/** The documented 2025.10 example body of stages_password_retrieve. */
export const DOCUMENTED_EXAMPLE = {
  pk: STAGE_UUID,
  name: 'string',
  component: 'string',
  verbose_name: 'string',
  verbose_name_plural: 'string',
  meta_model_name: 'string',
  flow_set: [
    {
      pk: STAGE_UUID,
      policybindingmodel_ptr_id: STAGE_UUID,
      name: 'string',
      slug: 'string',
      title: 'string',
      designation: 'authentication',
      background: 'string',
      policy_engine_mode: 'all',
      compatibility_mode: true,
      export_url: 'string',
      layout: 'stacked',
      denied_action: 'message_continue',
    },
  ],
  backends: ['authentik.core.auth.InbuiltBackend'],
  configure_flow: STAGE_UUID,
  failed_attempts_before_cancel: 0,
  allow_show_password: true,
};

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

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/**
 * A client for the Prism mock started by the test run. Any request Prism flags as breaking the contract
 * (its `sl-violations` header) fails the test.
 */
export function prismClient(options: ClientOptions = {}) {
  const violations: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await globalThis.fetch(request);
    const flagged = response.headers.get('sl-violations');
    if (flagged) violations.push(`${request.method} ${request.url}: ${flagged}`);
    return response;
  };
  const client = createAuthentikClient({ baseUrl: inject('prismUrl'), token: TOKEN, fetch, ...options });
  return { client, violations };
}
