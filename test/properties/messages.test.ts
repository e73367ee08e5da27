// Property: whatever text a server sends (a detail, a text body, field errors, a value or key in a stage, a request
// id) with control characters, line separators, bidirectional controls or no end, an error's message and requestId
// stay one readable line: no such character in them, each escaped where it was, and server text cut at its bound.
// Replay a failure with FC_SEED and FC_PATH (test/support/promises.ts).
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isAuthentikError, type AuthentikError } from '../../src/index.js';
import { DOCUMENTED_EXAMPLE, fakeClient, json, propertyRuns, STAGE_UUID } from '../support/index.js';

const RUNS = propertyRuns(300, 10);
// Written out here rather than imported, so that the SDK's own list is checked, not restated.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const unsafeChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }),
  fc.integer({ min: 0x7f, max: 0x9f }),
  fc.constantFrom(0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069),
);
const escapeOf = (code: number) =>
  ({ 10: '\\n', 13: '\\r', 9: '\\t' })[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
/** Server text: plain words with unsafe characters among them, short or far longer than any bound. */
const hostileText = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 8 }),
        unsafeChar.map((code) => String.fromCharCode(code)),
      ),
      {
        maxLength: 40,
      },
    ),
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 })),
  )
  .map(([pieces, padding]) => pieces.join('') + 'x'.repeat(padding));
/** A request id as a header can carry it: Latin-1, with C0 and C1 controls, but no NUL, CR or LF. */
const hostileId = fc
  .array(
    fc.integer({ min: 1, max: 0xff }).filter((code) => code !== 10 && code !== 13),
    { maxLength: 300 },
  )
  .map((codes) => String.fromCharCode(...codes).trim());

const answer = fc.oneof(
  hostileText.map((text) => ({ what: 'detail', text, response: () => json({ detail: text }, 403) })),
  hostileText.map((text) => ({
    what: 'text body',
    text,
    response: () => new Response(text, { status: 500, headers: { 'content-type': 'text/plain' } }),
  })),
  hostileText.map((text) => ({ what: 'field error', text, response: () => json({ name: [text] }, 400) })),
  hostileText.map((text) => ({
    what: 'a stage value',
    text,
    response: () => json({ ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: text }),
  })),
  hostileText.map((text) => ({
    what: 'a stage key',
    text,
    response: () => json({ ...DOCUMENTED_EXAMPLE, [text]: 1 }),
  })),
);

test(
  "a server's text reaches error messages and requestId escaped, one line, and cut at its bound",
  async () => {
    await fc.assert(
      fc.asyncProperty(answer, hostileId, async ({ what, text, response }, id) => {
        const { stages } = fakeClient(
          () => {
            const answered = response();
            if (id) answered.headers.set('x-authentik-id', id);
            return answered;
          },
          { maxRetries: 0, validation: 'strict' },
        );
        const error = await stages.retrieve(STAGE_UUID).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(isAuthentikError(error)).toBe(true);
        const { message, requestId } = error as AuthentikError & { requestId?: string };
        expect(message).not.toMatch(UNSAFE);
        expect(requestId ?? '').not.toMatch(UNSAFE);
        // 200 characters of server text at most (100 of a request id), each written as at most six.
        expect(message.length).toBeLessThan(300 + 6 * (201 + 100));
        expect((requestId ?? '').length).toBeLessThanOrEqual(6 * 100);
        // What was cut off is the end: the message shows the text from its beginning, escaped (a value in a stage is
        // quoted as JSON, which escapes on its own).
        const shown = [...text.slice(0, 40)].map((char) => (UNSAFE.test(char) ? escapeOf(char.charCodeAt(0)) : char));
        if (what !== 'a stage value') expect(message).toContain(shown.join(''));
        if (id && !UNSAFE.test(id)) expect(requestId).toBe(id.slice(0, 100));
      }),
      RUNS,
    );
  },
  RUNS.testTimeoutMs,
);
