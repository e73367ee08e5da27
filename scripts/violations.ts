// Prism (mock or proxy) reports each departure from the contract in its answer's sl-violations header; this reads
// that header, and records it for every request a client sends.

/** One answer and what Prism found wrong with its request or itself. */
export interface CheckedAnswer {
  method: string;
  url: string;
  status: number;
  violations: string[];
}

interface Violation {
  location?: string[];
  message?: string;
}

/**
 * Prism's sl-violations header as readable lines, e.g. `Response body property results.0 must have required property
 * 'name'`.
 */
export function parseViolations(header: string | null): string[] {
  if (!header) return [];
  if (header.startsWith('Too many violations!'))
    return [`more violations than fit in one header: ${header.slice(0, 200)}…`];
  let violations: Violation[];
  try {
    violations = JSON.parse(header) as Violation[];
  } catch {
    return [header];
  }
  return violations.map((violation) => violation.message ?? `violation at ${(violation.location ?? []).join('.')}`);
}

/**
 * A fetch for a client of a Prism server that records every answer with its violations (`onAnswer` sees each
 * as it arrives); `violations()` lists them as `METHOD URL: violation` lines.
 */
export function recordViolations(onAnswer?: (answer: CheckedAnswer) => void) {
  const answers: CheckedAnswer[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await globalThis.fetch(request);
    const answer = {
      method: request.method,
      url: request.url,
      status: response.status,
      violations: parseViolations(response.headers.get('sl-violations')),
    };
    answers.push(answer);
    onAnswer?.(answer);
    return response;
  };
  const violations = () =>
    answers.flatMap(({ method, url, violations: found }) => found.map((violation) => `${method} ${url}: ${violation}`));
  return { fetch, answers, violations };
}
