// Prints what changed in the password-stage contract between two authentik releases.
// Usage: npm run spec:diff -- <from> <to>   e.g. npm run spec:diff -- 2025.10.4 2026.8.3
// Reads openapi/upstream/authentik-<version>.yaml; a missing extract is fetched first (npm run spec:sync -- <version> --upstream).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { diffContracts, formatChanges } from './contract-diff.js';
import { upstreamPath } from './spec-sync.js';

function load(version: string) {
  if (!existsSync(upstreamPath(version))) {
    execFileSync('npm', ['run', '-s', 'spec:sync', '--', version, '--upstream'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return parse(readFileSync(upstreamPath(version), 'utf8'));
}

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('Usage: npm run spec:diff -- <from version> <to version>');
  process.exit(2);
}
console.log(formatChanges(`authentik ${from}`, `authentik ${to}`, diffContracts(load(from), load(to))));
