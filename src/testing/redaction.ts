// What the fake's request log keeps of headers: nothing that could let a reader of a test's output act as its user.
// Credentials come in many shapes (a bare token without a scheme, a proxy's header, a cookie, a JWT, a header of the
// code's own invention), so the rule is by name and by content, not by the one shape authentik expects.

/** The schemes kept in front of `[redacted]`: they say how a caller authenticated without saying as whom. */
const SCHEMES = /^\s*(bearer|basic|token|digest|negotiate|jwt)\s+\S/i;
const CREDENTIAL_NAME = /auth(?!entik-id$)|cookie|token|secret|passw|api[-_]?key|access[-_]?key|session|credential/i;
const JWT = /eyJ[\w-]*\.[\w-]+\./;

/**
 * The headers as the log records them: a credential-bearing header (by its name, by a scheme in front of its value, by
 * a JWT in it, or because it carries one of `secrets`) becomes `[redacted]`, an authorization's known scheme kept.
 */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of headers) {
    const scheme = SCHEMES.exec(value)?.[1];
    const credential =
      scheme ||
      CREDENTIAL_NAME.test(name) ||
      JWT.test(value) ||
      secrets.some((secret) => secret !== '' && value.includes(secret));
    recorded[name] = !credential ? value : scheme ? `${scheme} [redacted]` : '[redacted]';
  }
  return recorded;
}
