// failNext checks what it is given when it is called: a typo or an impossible count fails the test that wrote it,
// with the valid values named, and plans nothing; the fake then answers as if it had not been called.
import { describe, expect, test } from 'vitest';
import { createFakeAuthentik, type Fault, type FaultOptions } from '../../src/testing/index.js';

function refusal(fault: unknown, options?: unknown) {
  const fake = createFakeAuthentik();
  let thrown: unknown;
  try {
    fake.failNext(fault as Fault, options as FaultOptions);
  } catch (error) {
    thrown = error;
  }
  return { fake, thrown };
}

async function nextStatus(fake: ReturnType<typeof createFakeAuthentik>) {
  const headers = { authorization: `Bearer ${fake.token}` };
  return (await fake.fetch(`${fake.baseUrl}/stages/password/`, { headers })).status;
}

describe('a fault that does not exist is refused, naming the four that do', () => {
  test.each([
    ['a typo', 'unavilable', '"unavilable"'],
    ['a status', 503, '503'],
    ['nothing', undefined, 'undefined'],
    ['an object', { fault: 'reset' }, '{"fault":"reset"}'],
    ['a symbol', Symbol('reset'), 'Symbol(reset)'],
  ])('%s', async (_, fault, quoted) => {
    const { fake, thrown } = refusal(fault);
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toBe(
      `failNext: fault must be one of unavailable, rate-limited, reset, no-answer; got ${quoted}`,
    );
    expect(await nextStatus(fake)).toBe(200);
  });
});

describe('options are checked before anything is planned', () => {
  test.each([
    ['times: Infinity', 'unavailable', { times: Infinity }, 'times must be a positive whole number; got Infinity'],
    ['times: 0', 'unavailable', { times: 0 }, 'times must be a positive whole number; got 0'],
    ['times: -1', 'reset', { times: -1 }, 'times must be a positive whole number; got -1'],
    ['times: 1.5', 'reset', { times: 1.5 }, 'times must be a positive whole number; got 1.5'],
    ['times: NaN', 'reset', { times: NaN }, 'times must be a positive whole number; got NaN'],
    ["times: '2'", 'reset', { times: '2' }, 'times must be a positive whole number; got "2"'],
    ['times: 2n', 'reset', { times: 2n }, 'times must be a positive whole number; got 2n'],
    [
      'retryAfter: -5',
      'rate-limited',
      { retryAfter: -5 },
      'retryAfter must be a whole number of seconds from 0; got -5',
    ],
    [
      'retryAfter: 1.5',
      'rate-limited',
      { retryAfter: 1.5 },
      'retryAfter must be a whole number of seconds from 0; got 1.5',
    ],
    [
      'retryAfter: Infinity',
      'rate-limited',
      { retryAfter: Infinity },
      'retryAfter must be a whole number of seconds from 0; got Infinity',
    ],
    [
      'retryAfter for a fault without a wait',
      'unavailable',
      { retryAfter: 5 },
      'retryAfter applies only to \'rate-limited\'; got "unavailable"',
    ],
    ['an unknown option', 'reset', { time: 2 }, 'options are times, retryAfter; got "time"'],
    ['options that are a number', 'reset', 2, 'options must be an object; got 2'],
    ['options that are an array', 'reset', [2], 'options must be an object; got [2]'],
    ['options that are null', 'reset', null, 'options must be an object; got null'],
  ])('%s', async (_, fault, options, message) => {
    const { fake, thrown } = refusal(fault, options);
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toBe(`failNext: ${message}`);
    expect(await nextStatus(fake)).toBe(200);
  });

  test('options without a prototype are read like any other', async () => {
    const fake = createFakeAuthentik();
    fake.failNext('unavailable', Object.assign(Object.create(null) as FaultOptions, { times: 2 }));
    expect([await nextStatus(fake), await nextStatus(fake), await nextStatus(fake)]).toEqual([503, 503, 200]);
  });

  test('a large count and a long wait are planned as given', async () => {
    const fake = createFakeAuthentik();
    fake.failNext('rate-limited', { times: 1_000_000, retryAfter: 86_400 });
    const answer = await fake.fetch(`${fake.baseUrl}/stages/password/`);
    expect([answer.status, answer.headers.get('retry-after')]).toEqual([429, '86400']);
  });
});
