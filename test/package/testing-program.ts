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
}
`;

export const FETCH_LINES = [
  'fetch mode lists 3 stages: default-authentication-password, ldap-authentication-password, token-authentication-password',
  'created from-the-package, listed after a 429: from-the-package (200 201 429 200)',
  'a wrong token rejects with AuthenticationError (403)',
];
