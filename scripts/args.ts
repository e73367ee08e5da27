// Command-line arguments for the scripts: node:util's parseArgs in strict mode, so that a mistyped flag or a flag
// without its value stops the script with its usage line (exit code 2) before it does anything.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Arguments a script cannot run with; the message says what is wrong with them. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `args` parsed strictly against `options`, with `min` to `max` positionals; anything else throws UsageError. */
export function strictArgs<const O extends Options>(args: readonly string[], options: O, { min = 0, max = 0 } = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const count = parsed.positionals.length;
  if (count > max) throw new UsageError(`Unexpected argument ${JSON.stringify(parsed.positionals[max])}.`);
  if (count < min) throw new UsageError(`Missing argument: ${min} expected, ${count} given.`);
  return parsed;
}

/** What `parse` returns; a UsageError is printed after the usage line and ends the process with exit code 2. */
export function argsOrExit<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`Usage: ${usage}\n${error.message}`);
    process.exit(2);
  }
}
