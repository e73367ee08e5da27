// npm start: lists the password stages of a server and prints each one readably.
// With AUTHENTIK_URL (the API root) and AUTHENTIK_TOKEN set it reads from that server (read-only calls only);
// otherwise it starts a Prism mock of openapi/password-stage.yaml inside this process and reads from it.
import {
  backendLabel,
  createAuthentikClient,
  deniedActionLabel,
  flowDesignationLabel,
  flowLayoutLabel,
  usedByActionLabel,
  type PasswordStage,
} from '../src/index.js';
import { FRAGMENT, type Prism } from './prism.js';

// Ending early is normal for a demo: `npm start | head -1` closes the pipe (EPIPE is the reader's "enough", so the
// demo stops with status 0), Ctrl-C and SIGTERM stop it with the shell's 128 + signal number. The mock runs in
// this process, so exiting leaves nothing behind.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
// npm runs scripts through `sh -c`, and passes a SIGTERM on to that shell only, which dies and leaves this process
// running on its own. A changed parent means whoever started the demo is gone: stop as if terminated.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(143);
}, 100).unref();

function describeStage(stage: PasswordStage): string {
  const lines = [
    `${stage.name}  (${stage.pk})`,
    `  backends: ${stage.backends.map(backendLabel).join(', ') || 'none'}`,
    `  failed attempts before cancel: ${stage.failed_attempts_before_cancel ?? 'server default'}`,
    `  show-password button: ${stage.allow_show_password ? 'yes' : 'no'}`,
    `  configure flow: ${stage.configure_flow ?? 'none'}`,
  ];
  const flows = stage.flow_set ?? [];
  lines.push(`  used in ${flows.length} flow(s)${flows.length ? ':' : ''}`);
  for (const flow of flows) {
    const details = [
      flowDesignationLabel(flow.designation),
      flow.layout && `layout ${flowLayoutLabel(flow.layout)}`,
      flow.denied_action && `when denied: ${deniedActionLabel(flow.denied_action)}`,
    ];
    lines.push(`    ${flow.title} (/${flow.slug}/): ${details.filter(Boolean).join(', ')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const live = process.env.AUTHENTIK_URL && process.env.AUTHENTIK_TOKEN;
  let prism: Prism | undefined;
  try {
    // Loaded only when needed: Prism takes about a second to load, and the exit handlers above are already set.
    if (!live) prism = await (await import('./prism-in-process.js')).startMock(FRAGMENT);
    const baseUrl = prism?.url ?? process.env.AUTHENTIK_URL!;
    // The mock checks only that a bearer token is present.
    const authentik = createAuthentikClient(prism ? { baseUrl, token: 'mock-token' } : { baseUrl });
    console.log(`Password stages at ${baseUrl}${prism ? ' (Prism mock of openapi/password-stage.yaml)' : ''}\n`);

    const page = await authentik.passwordStages.list({ ordering: 'name', page_size: 20 });
    console.log(`${page.results.length} password stage(s) on the first page\n`);
    const first = page.results[0];
    if (!first) return;
    const stage = await authentik.passwordStages.retrieve(first.pk);
    console.log(describeStage(stage));
    const usedBy = await authentik.passwordStages.usedBy(stage.pk);
    console.log(`  used by ${usedBy.length} object(s)${usedBy.length ? ':' : ''}`);
    for (const user of usedBy)
      console.log(`    ${user.model_name} "${user.name}": on delete, ${usedByActionLabel(user.action).toLowerCase()}`);
    for (const other of page.results.slice(1)) console.log(`\n${describeStage(other)}`);
  } finally {
    await prism?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
