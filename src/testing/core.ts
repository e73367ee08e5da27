// The fake's core: a request in, an outcome out, with the log of every request and the faults planned for the next
// ones. The fake's fetch and the loopback server of listen() are thin adapters of it, so both answer alike.
import { detail } from './answers.js';
import { createFaults, type Fault, type FaultOptions, type Outcome } from './faults.js';
import type { Incoming } from './incoming.js';
import { redactHeaders } from './redaction.js';
import { route } from './routes.js';
import type { Server } from './state.js';

/** A request the fake received, for assertions; credentials in its headers are replaced by `[redacted]`. */
export interface ReceivedRequest {
  method: string;
  /** The path and query, e.g. `/api/v3/stages/password/?page=2`. */
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or its text when it is not JSON; undefined when there was none, or it was too large. */
  body: unknown;
  /** The status answered, or the fault given instead. */
  status: number | 'reset' | 'no-answer';
}

function bodyOf(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function outcomeOf(server: Server, request: Incoming, planned: Outcome | undefined): Outcome {
  if (planned) return planned;
  if (request.tooLarge) return detail(413, 'Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.');
  try {
    return route(server, request);
  } catch {
    // A request the routes did not foresee must still be answered, as Django answers an unhandled error.
    return detail(500, 'A server error occurred.');
  }
}

export function createCore(server: Server) {
  const requests: ReceivedRequest[] = [];
  const faults = createFaults();
  const secrets = Object.values(server.tokens);
  return {
    requests,
    failNext: (fault: Fault, options?: FaultOptions) => faults.plan(fault, options),
    serve(request: Incoming): Outcome {
      const received: ReceivedRequest = {
        method: request.method,
        path: request.url.pathname + request.url.search,
        headers: redactHeaders(request.headers, secrets),
        body: request.tooLarge ? undefined : bodyOf(request.body),
        status: 0,
      };
      requests.push(received);
      const outcome = outcomeOf(server, request, faults.next());
      received.status = typeof outcome === 'string' ? outcome : outcome.status;
      return outcome;
    },
  };
}
