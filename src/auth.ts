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
    if (typeof token !== 'string' || token === '')
      throw new TokenProviderError(
        'The token provider returned no token (expected a non-empty string); no request was sent',
      );
    const problem = tokenProblem(token);
    if (problem) throw new TokenProviderError(`The token the provider returned ${problem}; no request was sent`);
    return token;
  };
}
