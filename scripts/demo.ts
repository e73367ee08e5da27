// npm start: lists the password stages of a server and prints each one readably.
// With AUTHENTIK_URL (the API root) and AUTHENTIK_TOKEN set it reads from that server (read-only calls only);
// otherwise it starts the Prism mock of openapi/password-stage.yaml and reads from it.
import {
  backendLabel,
  createAuthentikClient,
  deniedActionLabel,
  flowDesignationLabel,
  flowLayoutLabel,
  usedByActionLabel,
  type PasswordStage,
} from '../src/index.js';
import { startPrism, type Prism } from './prism.js';

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
    const details = [flowDesignationLabel(flow.designation), flow.layout && `layout ${flowLayoutLabel(flow.layout)}`, flow.denied_action && `when denied: ${deniedActionLabel(flow.denied_action)}`];
    lines.push(`    ${flow.title} (/${flow.slug}/): ${details.filter(Boolean).join(', ')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const live = process.env.AUTHENTIK_URL && process.env.AUTHENTIK_TOKEN;
  let prism: Prism | undefined;
  try {
    if (!live) prism = await startPrism();
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
    for (const user of usedBy) console.log(`    ${user.model_name} "${user.name}": on delete, ${usedByActionLabel(user.action).toLowerCase()}`);
    for (const other of page.results.slice(1)) console.log(`\n${describeStage(other)}`);
  } finally {
    await prism?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
