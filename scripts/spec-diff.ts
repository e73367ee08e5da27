// Prints what changed in the password-stage contract between two authentik releases. Usage: npm run spec:diff -- <from>
// <to> e.g. npm run spec:diff -- 2025.10.4 2026.8.3 Reads openapi/upstream/authentik-<version>.yaml; a missing extract
// is fetched first (npm run spec:sync -- <version> --upstream).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { argsOrExit, strictArgs } from './args.js';
import { diffContracts, formatChanges } from './contract-diff.js';
import { authentikVersion, upstreamPath } from './spec-sync.js';

export const USAGE = 'npm run spec:diff -- <from version> <to version>';

/** The command line of spec:diff; a wrong one throws UsageError. */
export function parseSpecDiffArgs(args: readonly string[]): { from: string; to: string } {
  const [from, to] = strictArgs(args, {}, { min: 2, max: 2 }).positionals.map(authentikVersion);
  return { from: from!, to: to! };
}

function load(version: string) {
  if (!existsSync(upstreamPath(version))) {
    execFileSync('npm', ['run', '-s', 'spec:sync', '--', version, '--upstream'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return parse(readFileSync(upstreamPath(version), 'utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { from, to } = argsOrExit(USAGE, () => parseSpecDiffArgs(process.argv.slice(2)));
  console.log(formatChanges(`authentik ${from}`, `authentik ${to}`, diffContracts(load(from), load(to))));
}
