// The program that proves the packed test kit's fetch mode, shared by the runtimes' check and the browser page.

/** The fetch mode, as every runtime and the browser page run it: one line per check. */
export const FETCH_PROGRAM = `import { createAuthentikClient, AuthenticationError, Backend } from 'authentik-password-stage';
import { createFakeAuthentik } from 'authentik-password-stage/testing';

export async function run(print) {
  const fake = createFakeAuthentik();
  const authentik = createAuthentikClient({ baseUrl: fake.baseUrl, token: fake.token, fetch: fake.fetch });
  const page = await authentik.passwordStages.list();
  print(\`fetch mode lists \${page.pagination.count} stages: \${page.results.map((stage) => stage.name).join(', ')}\`);
  const created = await authentik.passwordStages.create({ name: 'from-the-package', backends: [Backend.Inbuilt] });
  fake.failNext('rate-limited');
  const names = (await authentik.passwordStages.list({ search: 'package' })).results.map((stage) => stage.name);
  print(\`created \${created.name}, listed after a 429: \${names.join(', ')} (\${fake.requests.map((request) => request.status).join(' ')})\`);
  const wrong = createAuthentikClient({ baseUrl: fake.baseUrl, token: 'wrong', fetch: fake.fetch });
  const error = await wrong.passwordStages.list().catch((caught) => caught);
  print(\`a wrong token rejects with \${error instanceof AuthenticationError ? \`\${error.name} (\${error.status})\` : String(error)}\`);
  await fake.fetch(\`\${fake.baseUrl}/stages/password/\`, { headers: { authorization: fake.token } });
  const typo = (() => { try { fake.failNext('unavilable'); } catch (caught) { return caught; } })();
  print(\`a bare token is logged as \${fake.requests.at(-1).headers.authorization}; failNext('unavilable') throws \${typo?.name}\`);
}
`;

export const FETCH_LINES = [
  'fetch mode lists 3 stages: default-authentication-password, ldap-authentication-password, token-authentication-password',
  'created from-the-package, listed after a 429: from-the-package (200 201 429 200)',
  'a wrong token rejects with AuthenticationError (403)',
  "a bare token is logged as [redacted]; failNext('unavilable') throws TypeError",
];

/**
 * Raw requests to `fake.listen()` over node:net, as the code under test might send them: each line names one and the
 * statuses that came back. `run(fake, server, print)` is given a listening fake.
 */
export const RAW_LISTEN_PROGRAM = `import { connect } from 'node:net';

function exchange(port, text, last) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const done = () => (clearTimeout(timer), socket.destroy(), resolve(got));
    const timer = setTimeout(done, 3000);
    socket.on('data', (data) => (got += data.toString('latin1')) && got.endsWith(last) && done());
    socket.on('error', () => {});
    socket.on('close', done);
    socket.write(Buffer.from(text, 'latin1'));
  });
}

export async function run(fake, server, print) {
  const port = Number(new URL(server.url).port);
  const path = '/api/v3/stages/password/';
  const auth = \`Host: 127.0.0.1\\r\\nAuthorization: Bearer \${fake.token}\\r\\n\`;
  const cases = [
    ['TRACE', \`TRACE \${path} HTTP/1.1\\r\\n\${auth}Connection: close\\r\\n\\r\\n\`, '"TRACE\\\\" not allowed."}'],
    ['OPTIONS *', \`OPTIONS * HTTP/1.1\\r\\n\${auth}Connection: close\\r\\n\\r\\n\`, 'Malformed request."}'],
    ['absolute-form', \`GET http://elsewhere.test\${path}?page=9 HTTP/1.1\\r\\n\${auth}Connection: close\\r\\n\\r\\n\`, 'page."}'],
    ['60 MB declared', \`POST \${path} HTTP/1.1\\r\\n\${auth}Content-Length: 60000000\\r\\n\\r\\n{\`, 'MEMORY_SIZE."}'],
    [
      'pipelined',
      \`GET \${path}?page=9 HTTP/1.1\\r\\n\${auth}\\r\\nTRACE \${path} HTTP/1.1\\r\\n\${auth}\\r\\nGET \${path}?page=1 HTTP/1.1\\r\\n\${auth}Connection: close\\r\\n\\r\\n\`,
      '}}',
    ],
  ];
  for (const [name, text, last] of cases) {
    const statuses = (await exchange(port, text, last)).match(/HTTP\\/1\\.1 \\d{3} /g) ?? [];
    print(\`\${name}: \${statuses.map((line) => line.slice(9, 12)).join(' ') || 'closed'}\`);
  }
}
`;

export const RAW_LISTEN_LINES = [
  'TRACE: 405',
  'OPTIONS *: 400',
  'absolute-form: 404',
  '60 MB declared: 413',
  'pipelined: 404 405 200',
];
