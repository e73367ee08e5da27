// How authentik's API answers: JSON with Django REST framework's wording, and a request id on every answer.

/** A random uuid4; crypto.randomUUID is missing from pages served over plain http, getRandomValues is not. */
export function randomUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An answer as authentik sends it: JSON (none for 204) and `X-authentik-id`, a uuid4 as 32 hex digits. */
export function answer(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  const id = { 'x-authentik-id': randomUuid().replaceAll('-', '') };
  if (body === undefined) return new Response(null, { status, headers: { ...headers, ...id } });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers, ...id },
  });
}

export const detail = (status: number, text: string, headers?: Record<string, string>) =>
  answer(status, { detail: text }, headers);

export const MESSAGES = {
  noCredentials: 'Authentication credentials were not provided.',
  invalidToken: 'Token invalid/expired',
  unsupportedType: 'Unsupported authentication type',
  noPermission: 'You do not have permission to perform this action.',
  noStage: 'No PasswordStage matches the given query.',
  invalidPage: 'Invalid page.',
  notFound: 'Not found.',
  required: 'This field is required.',
  unavailable: 'Service temporarily unavailable, try again later.',
} as const;

/** Python's name for the type of a JSON value, as DRF's messages print it. */
export function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return ({ string: 'str', boolean: 'bool', object: 'dict' } as Record<string, string>)[typeof value] ?? typeof value;
}
