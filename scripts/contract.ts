// Checks a live authentik against our contract: the read-only calls go through Prism's proxy (the engine of
// `prism proxy`, run in this process), which validates each request and answer against openapi/password-stage.yaml
// and reports departures in its sl-violations header.
// Usage: npm run contract -- <api root> [--token <token>]   (the token defaults to AUTHENTIK_TOKEN)
// Exits 1 when any violation was seen or a call failed, 2 on wrong usage.
import { fileURLToPath } from 'node:url';
import { createAuthentikClient, type AuthentikClient } from '../src/index.js';
import { argsOrExit, strictArgs, UsageError } from './args.js';
import { FRAGMENT } from './prism.js';
import { recordViolations } from './violations.js';

export { parseViolations } from './violations.js';

// A uuid no stage has: the 404 answer is part of the contract too.
const UNKNOWN_STAGE = '00000000-0000-4000-8000-000000000000';

/** One request made through the proxy, with what Prism found wrong about it. */
export interface CheckedRequest {
  call: string;
  method: string;
  path: string;
  status: number | undefined;
  violations: string[];
  /** Set when the call itself failed (connection, authentication, an unexpected status). */
  failure?: string;
}

/** Runs the read-only calls (list, retrieve, usedBy, and retrieve of an unknown uuid) through Prism's proxy. */
export async function checkContract(apiRoot: string, token: string): Promise<CheckedRequest[]> {
  // Loaded here, not at the top: Prism takes a second to load, which a usage error need not wait for.
  const { startProxy } = await import('./prism-in-process.js');
  const proxy = await startProxy(FRAGMENT, apiRoot.replace(/\/+$/, ''));
  const checked: CheckedRequest[] = [];
  let call = '';
  const { fetch } = recordViolations(({ method, url, status, violations }) => {
    const { pathname, search } = new URL(url);
    checked.push({ call, method, path: pathname + search, status, violations });
  });
  // Validation is off: the proxy judges the answers, and a broken answer must not stop the remaining calls.
  const client = createAuthentikClient({ baseUrl: proxy.url, token, fetch, validation: 'off', maxRetries: 0 });
  const run = async <T>(
    name: string,
    action: (client: AuthentikClient) => Promise<T>,
    expectStatus?: number,
  ): Promise<T | undefined> => {
    call = name;
    const before = checked.length;
    const fail = (failure: string) => {
      if (checked.length === before) checked.push({ call, method: 'GET', path: '', status: undefined, violations: [] });
      checked.at(-1)!.failure = failure;
    };
    try {
      const data = await action(client);
      if (expectStatus !== undefined) fail(`expected status ${expectStatus}`);
      return data;
    } catch (error) {
      if (expectStatus !== undefined && (error as { status?: number }).status === expectStatus) return undefined;
      fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      return undefined;
    }
  };
  try {
    const page = await run('list', (c) => c.passwordStages.list({ page_size: 20 }));
    const first = Array.isArray(page?.results) ? (page.results[0] as { pk?: unknown } | undefined)?.pk : undefined;
    if (typeof first === 'string') {
      await run('retrieve', (c) => c.passwordStages.retrieve(first));
      await run('usedBy', (c) => c.passwordStages.usedBy(first));
    }
    await run('retrieve (unknown uuid, expects 404)', (c) => c.passwordStages.retrieve(UNKNOWN_STAGE), 404);
  } finally {
    await proxy.stop();
  }
  return checked;
}

/** The report for people; `ok` is false when anything was wrong. */
export function formatReport(apiRoot: string, checked: readonly CheckedRequest[]): { text: string; ok: boolean } {
  const lines = [`Contract check of ${apiRoot} against openapi/password-stage.yaml`, ''];
  let violations = 0;
  let failures = 0;
  for (const request of checked) {
    const verdict = request.failure
      ? 'FAILED'
      : request.violations.length
        ? `${request.violations.length} violation(s)`
        : 'ok';
    lines.push(`${request.call}: ${request.method} ${request.path} → ${request.status ?? 'no answer'}  ${verdict}`);
    for (const violation of request.violations) lines.push(`    ${violation}`);
    if (request.failure) lines.push(`    ${request.failure}`);
    violations += request.violations.length;
    if (request.failure) failures++;
  }
  lines.push('', `${checked.length} request(s), ${violations} contract violation(s), ${failures} failed call(s).`);
  return { text: lines.join('\n'), ok: violations === 0 && failures === 0 };
}

export const USAGE =
  'npm run contract -- <api root, e.g. https://authentik.example.com/api/v3> --token <token>  (or set AUTHENTIK_TOKEN)';

/**
 * The command line of the contract check, the token defaulting to `env.AUTHENTIK_TOKEN`; a wrong one throws UsageError.
 */
export function parseContractArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { apiRoot: string; token: string } {
  const { values, positionals } = strictArgs(args, { token: { type: 'string' } }, { min: 1, max: 1 });
  const apiRoot = positionals[0]!;
  if (!/^https?:\/\//.test(apiRoot))
    throw new UsageError(`The api root must be an http(s) URL, not ${JSON.stringify(apiRoot)}.`);
  const token = values.token ?? env.AUTHENTIK_TOKEN;
  if (!token) throw new UsageError('No token: pass --token or set AUTHENTIK_TOKEN.');
  return { apiRoot, token };
}

async function main(): Promise<void> {
  const { apiRoot, token } = argsOrExit(USAGE, () => parseContractArgs(process.argv.slice(2), process.env));
  const { text, ok } = formatReport(apiRoot, await checkContract(apiRoot, token));
  console.log(text);
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
