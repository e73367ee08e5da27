// The token: checked before it is sent, asked of a provider before each attempt, and kept out of everything the SDK
// shows (messages, bodies and headers kept on errors), even when a server echoes it back.
import { TokenProviderError } from './errors.js';

/**
 * What keeps `token` from being sent as `Authorization: Bearer <token>`, said so that the caller knows the fix;
 * undefined when nothing does. It never quotes the token.
 */
export function tokenProblem(token: unknown): string | undefined {
  if (typeof token !== 'string' || token === '') return 'must be a non-empty string, or a function returning one';
  if (/^bearer\s/i.test(token)) return "starts with 'Bearer ': remove the prefix, the SDK adds it";
  if (/^[^\r\n]+[\r\n]+$/.test(token)) return 'ends with a line break: trim it (a token read from a file often does)';
  // A header value cannot hold these; fetch's own error would quote the value, i.e. the token.
  return /[^\x21-\x7e]/.test(token) ? 'contains whitespace or control characters' : undefined;
}

/**
 * The token provider as the generated client's `auth`: whatever goes wrong rejects with TokenProviderError before
 * anything is sent.
 */
export function tokenProvider(source: () => string | Promise<string>): () => Promise<string> {
  return async () => {
    const failed = (error: unknown) =>
      Promise.reject(new TokenProviderError('The token provider failed; no request was sent', { cause: error }));
    const token: unknown = await Promise.resolve().then(source).catch(failed);
    if (typeof token !== 'string' || token === '') {
      throw new TokenProviderError(
        'The token provider returned no token (expected a non-empty string); no request was sent',
      );
    }
    const problem = tokenProblem(token);
    if (problem) throw new TokenProviderError(`The token the provider returned ${problem}; no request was sent`);
    return token;
  };
}

/** Pieces of a token at least this long are redacted; a shorter token cannot be told from ordinary text. */
const PIECE = 8;

/** `text` with every piece of `token` of 8 or more characters replaced: a parser's message may quote part of it. */
function redactText(text: string, token: string): string {
  if (text.length < PIECE) return text;
  const pieces = new Set<string>();
  for (let at = 0; at + PIECE <= token.length; at++) pieces.add(token.slice(at, at + PIECE));
  // The redacted text so far, how much of `text` it covers, and where the current redacted run ends.
  let [out, copied, runEnd] = ['', 0, -1];
  for (let at = 0; at + PIECE <= text.length; at++) {
    if (!pieces.has(text.slice(at, at + PIECE))) continue;
    if (at > runEnd) out += `${text.slice(copied, at)}[redacted]`;
    copied = runEnd = at + PIECE;
  }
  return runEnd < 0 ? text : out + text.slice(copied);
}

/**
 * `value` with every piece of `token` redacted, in strings and keys, and what lies 32 levels deep cut off; the same
 * value when nothing is.
 */
export function redact<T>(value: T, token: string | undefined, depth = 0): T {
  if (typeof value === 'string') return token && token.length >= PIECE ? (redactText(value, token) as T) : value;
  if (typeof value !== 'object' || value === null) return value;
  // authentik's bodies are a few levels deep; a hostile one must not overflow the stack.
  if (depth === 32) return '[nested too deeply]' as T;
  const entries = Object.entries(value);
  const redacted = entries.map(([key, item]) => [redact(key, token), redact(item, token, depth + 1)] as const);
  if (redacted.every(([key, item], index) => key === entries[index]![0] && item === entries[index]![1])) return value;
  return (Array.isArray(value) ? redacted.map(([, item]) => item) : Object.fromEntries(redacted)) as T;
}
