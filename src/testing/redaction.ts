// What the fake's request log keeps of headers: nothing that could let a reader of a test's output act as its user.
// Credentials come in many shapes (a bare token without a scheme, a proxy's header, a cookie, a header of the code's
// own invention), so the rule is by name and by content, not by the one shape authentik expects.

/** The schemes kept in front of `[redacted]`: they say how a caller authenticated without saying as whom. */
const SCHEMES = new Set(['bearer', 'basic', 'token', 'digest', 'negotiate']);
const CREDENTIAL_NAME = /authorization|cookie|token|secret|password|passwd|api-?key|session|credential/i;

function redactedCredentials(value: string): string {
  const scheme = /^\s*(\S+)\s+\S/.exec(value)?.[1];
  return scheme && SCHEMES.has(scheme.toLowerCase()) ? `${scheme} [redacted]` : '[redacted]';
}

/**
 * The headers as the log records them: a credential-bearing header (by its name, or because it carries one of
 * `secrets`) becomes `[redacted]`, an authorization's known scheme kept.
 */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (/^(proxy-)?authorization$/.test(name)) recorded[name] = redactedCredentials(value);
    else if (CREDENTIAL_NAME.test(name) || secrets.some((secret) => value.includes(secret)))
      recorded[name] = '[redacted]';
    else recorded[name] = value;
  }
  return recorded;
}
