import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { sendJson, startServer, startSilentServer } from '../support/index.js';
import { EXPECTED_LINE, STAGE_UUID, command, consumerProject, exec } from './consumer-project.js';

const MISSING_UUID = '00000000-0000-4000-8000-000000000404';
const DEADLINE_MS = 300;
/** A connect() as strace prints it to a loopback address or a local socket. */
const LOOPBACK = /sa_family=AF_UNIX|inet_addr\("127\.|inet_pton\(AF_INET6, "(::1|::ffff:127\.)/;

interface Endpoints {
  prismUrl: string;
  /** Answers 404 with authentik's error body to every request, and records each one. */
  notFoundUrl: string;
  /** Accepts connections and never answers. */
  silentUrl: string;
}

/** The consumer's program, plain ES module JavaScript that every runtime runs as it is: one line per check. */
function program({ prismUrl, notFoundUrl, silentUrl }: Endpoints): string {
  return `import { createAuthentikClient, backendLabel, NotFoundError, InvalidArgumentError, APIConnectionTimeoutError } from 'authentik-password-stage';

const settle = (promise, expected) =>
  promise.then(
    () => 'nothing: it resolved',
    (error) => (error instanceof expected ? \`\${error.name}\${error.status ? \` (status \${error.status})\` : ''}\` : \`an unexpected \${String(error)}\`),
  );

const mock = createAuthentikClient({ baseUrl: ${JSON.stringify(prismUrl)}, token: 'mock-token' });
const stage = await mock.passwordStages.retrieve('${STAGE_UUID}');
console.log(\`retrieved "\${stage.name}" (\${stage.pk}): backends \${stage.backends.map(backendLabel).join(', ')}; in \${stage.flow_set?.length} flow\`);

const server = createAuthentikClient({ baseUrl: ${JSON.stringify(notFoundUrl)}, token: 'fault-token' });
console.log(\`an unknown stage rejects with \${await settle(server.passwordStages.retrieve('${MISSING_UUID}'), NotFoundError)}\`);
console.log(\`a malformed uuid rejects with \${await settle(server.passwordStages.retrieve('not-a-uuid'), InvalidArgumentError)}\`);

const silent = createAuthentikClient({ baseUrl: ${JSON.stringify(silentUrl)}, token: 'fault-token', timeoutMs: ${DEADLINE_MS} });
console.log(\`a server that never answers ends the call with \${await settle(silent.passwordStages.retrieve('${STAGE_UUID}'), APIConnectionTimeoutError)}\`);
`;
}

test.for(inject('runtimes'))(
  'on $label, the packed SDK retrieves a stage and ends in NotFoundError, InvalidArgumentError with nothing sent, and APIConnectionTimeoutError, reaching only 127.0.0.1',
  async (runtime) => {
    const notFound = await startServer((_request, response) =>
      sendJson(response, 404, { detail: 'No PasswordStage matches the given query.' }),
    );
    const silent = await startSilentServer();
    const dir = await consumerProject({
      'package.json': JSON.stringify({ name: `${runtime.name}-consumer`, private: true, type: 'module' }),
      'main.js': program({ prismUrl: inject('prismUrl'), notFoundUrl: notFound.url, silentUrl: silent.url }),
    });
    const { args, env } = command(runtime, dir);
    // strace records every connect() the runtime and its threads make, so a reach beyond loopback cannot hide.
    const trace = join(dir, 'connect.trace');
    const stdout = await exec(
      'strace',
      ['-f', '-qq', '-e', 'trace=connect', '-o', trace, runtime.bin, ...args],
      dir,
      env,
    );
    console.log(`[${runtime.label}] ${stdout}`);
    expect(stdout.trim().split('\n')).toEqual([
      EXPECTED_LINE,
      'an unknown stage rejects with NotFoundError (status 404)',
      'a malformed uuid rejects with InvalidArgumentError',
      'a server that never answers ends the call with APIConnectionTimeoutError',
    ]);
    // One request for the unknown stage, none for the malformed uuid.
    expect(notFound.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      `GET /stages/password/${MISSING_UUID}/`,
    ]);
    expect(silent.connections()).toBeGreaterThanOrEqual(1);
    const connects = (await readFile(trace, 'utf8')).split('\n').filter((line) => line.includes('connect('));
    expect(connects.length).toBeGreaterThanOrEqual(3);
    expect(connects.filter((line) => !LOOPBACK.test(line))).toEqual([]);
  },
);
