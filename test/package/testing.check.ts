import { expect, inject, test } from 'vitest';
import { command, consumerProject, exec } from './consumer-project.js';
import { FETCH_LINES, FETCH_PROGRAM, RAW_LISTEN_LINES, RAW_LISTEN_PROGRAM } from './testing-program.js';

const DEFAULT_STAGE = 'd168f99b-2fed-4329-952c-d51fd546d278';

const LISTEN_PROGRAM = `import { createAuthentikClient } from 'authentik-password-stage';
import { createFakeAuthentik } from 'authentik-password-stage/testing';
import { run } from './raw-listen.js';

const fake = createFakeAuthentik({ release: '2026.8.3' });
const server = await fake.listen();
try {
  const authentik = createAuthentikClient({ baseUrl: server.url, token: fake.token });
  const stage = await authentik.passwordStages.retrieve('${DEFAULT_STAGE}');
  console.log(\`listen() on \${new URL(server.url).hostname} serves \${stage.name}, background_url \${stage.flow_set[0].background_url}\`);
  await run(fake, server, console.log);
} finally {
  await server.close();
}
`;

test.for(inject('runtimes'))(
  'on $label, the packed /testing serves the SDK from memory, and from 127.0.0.1 except on Deno, answering odd requests',
  async (runtime) => {
    const dir = await consumerProject({
      'package.json': JSON.stringify({ name: `${runtime.name}-testing-consumer`, private: true, type: 'module' }),
      'fetch-mode.js': FETCH_PROGRAM,
      'main.js': `import { run } from './fetch-mode.js';\nawait run(console.log);\n`,
      'listen.js': LISTEN_PROGRAM,
      'raw-listen.js': RAW_LISTEN_PROGRAM,
    });
    const { args, env } = command(runtime, dir);
    const stdout = await exec(runtime.bin, args, dir, env);
    console.log(`[${runtime.label}] ${stdout}`);
    expect(stdout.trim().split('\n')).toEqual(FETCH_LINES);
    if (runtime.name === 'deno') return;
    const listened = await exec(
      runtime.bin,
      args.map((arg) => (arg === 'main.js' ? 'listen.js' : arg)),
      dir,
      env,
    );
    console.log(`[${runtime.label}] ${listened}`);
    expect(listened.trim().split('\n')).toEqual([
      'listen() on 127.0.0.1 serves default-authentication-password, background_url /static/dist/assets/images/flow_background.jpg',
      ...RAW_LISTEN_LINES,
    ]);
  },
);
