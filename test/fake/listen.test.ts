// fake.listen() over raw sockets: whatever the code under test sends, it gets an HTTP answer worded as Django REST
// framework words it, or a closed socket; the test process never sees an exception, and the server goes on serving.
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createAuthentikClient } from '../../src/index.js';
import { createFakeAuthentik, type FakeAuthentik, type Listening } from '../../src/testing/index.js';

const LIMIT = 2_621_440;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);
let fake: FakeAuthentik;
let server: Listening;
let port: number;

beforeAll(() => void process.on('uncaughtException', onUncaught));
afterAll(() => void process.off('uncaughtException', onUncaught));
beforeEach(async () => {
  fake = createFakeAuthentik();
  server = await fake.listen();
  port = Number(new URL(server.url).port);
});
afterEach(async () => {
  // Whatever came before, the server still serves the SDK, and nothing was thrown into this process.
  const authentik = createAuthentikClient({ baseUrl: server.url, token: fake.token, maxRetries: 0 });
  expect((await authentik.passwordStages.list()).pagination.count).toBe(3);
  await server.close();
  expect(uncaught).toEqual([]);
});

interface Answer {
  status: number;
  body: unknown;
  closed: boolean;
}

/**
 * Sends `bytes` as they are and collects what comes back until the server closes the socket, `answers` complete
 * answers have come, or 2 s pass.
 */
function exchange(
  bytes: string | Uint8Array,
  keepSending?: (write: (chunk: Uint8Array) => boolean) => void,
  answers = 0,
) {
  return new Promise<{ text: string; closed: boolean }>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = (closed: boolean) => (clearTimeout(timer), socket.destroy(), resolve({ text, closed }));
    const timer = setTimeout(() => done(false), 2_000);
    socket.on('data', (data) => {
      text += data.toString('latin1');
      if (answers && answersIn(text).length >= answers) done(false);
    });
    socket.on('error', () => {});
    socket.on('close', () => done(true));
    socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    keepSending?.((chunk) => {
      if (socket.destroyed || text) return false;
      socket.write(chunk);
      return true;
    });
  });
}

/** The answers in `text`, in order, each with its status and parsed JSON body. */
function answersIn(text: string): Answer[] {
  const answers: Answer[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, end);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    if (end < 0 || rest.length < end + 4 + length) break;
    const body = rest.slice(end + 4, end + 4 + length);
    answers.push({ status: Number(head.slice(9, 12)), body: body ? JSON.parse(body) : undefined, closed: false });
    rest = rest.slice(end + 4 + length);
  }
  return answers;
}

async function answerTo(request: string): Promise<Answer> {
  const { text, closed } = await exchange(request);
  const answers = answersIn(text);
  expect(answers).toHaveLength(1);
  return { ...answers[0]!, closed };
}

const PATH = '/api/v3/stages/password/';
const keepAlive = () => `Host: 127.0.0.1\r\nAuthorization: Bearer ${fake.token}\r\n`;
const headers = () => `${keepAlive()}Connection: close\r\n`;

describe('a method the API does not take gets 405, as Django REST framework words it', () => {
  test.each(['TRACE', 'OPTIONS', 'PROPFIND', 'PURGE'])('%s', async (method) => {
    expect(await answerTo(`${method} ${PATH} HTTP/1.1\r\n${headers()}\r\n`)).toMatchObject({
      status: 405,
      body: { detail: `Method "${method}" not allowed.` },
    });
  });
});

describe('targets', () => {
  test.each(['*', 'ftp://127.0.0.1/api/v3/stages/password/', 'stages/password/', 'http://[::1'])(
    'a target that is neither a path nor an http(s) URL gets 400 and the connection closes: %s',
    async (target) => {
      expect(await answerTo(`OPTIONS ${target} HTTP/1.1\r\n${headers()}\r\n`)).toEqual({
        status: 400,
        body: { detail: 'Malformed request.' },
        closed: true,
      });
    },
  );

  test('an absolute-form target is served by its path and query, whatever host it names', async () => {
    const answer = await answerTo(`GET http://elsewhere.test${PATH}?page=9 HTTP/1.1\r\n${headers()}\r\n`);
    expect(answer).toMatchObject({ status: 404, body: { detail: 'Invalid page.' } });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `${PATH}?page=9`, status: 404 });
  });
});

describe('what node:http cannot parse gets 400 and a closed connection', () => {
  test.each([
    ['an unknown method', `BREW ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
    ['a control character in a header value', `GET ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trace: a\x01b\r\n\r\n`],
    ['a space in a header name', `GET ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX Trace: 1\r\n\r\n`],
    ['a broken request line', `GET\r\n\r\n`],
    ['a bad Content-Length', `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n`],
    ['bytes that are not HTTP', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'],
  ])('%s', async (_, request) => {
    expect(await answerTo(request)).toEqual({ status: 400, body: { detail: 'Malformed request.' }, closed: true });
  });

  test('CONNECT, which the fake does not tunnel, closes the socket without an answer', async () => {
    expect(await exchange(`CONNECT elsewhere.test:443 HTTP/1.1\r\nHost: elsewhere.test:443\r\n\r\n`)).toMatchObject({
      text: '',
      closed: true,
    });
  });
});

describe('requests node:http would answer on its own are answered by the fake', () => {
  test('a request without Host gets the same 403 as any request without a token', async () => {
    expect(await answerTo(`GET ${PATH} HTTP/1.1\r\nConnection: close\r\n\r\n`)).toMatchObject({
      status: 403,
      body: { detail: 'Authentication credentials were not provided.' },
    });
  });

  test('an Expect the server does not know is served, not refused with 417', async () => {
    const answer = await answerTo(`GET ${PATH} HTTP/1.1\r\n${headers()}Expect: tea\r\n\r\n`);
    expect(answer).toMatchObject({ status: 200, body: { pagination: { count: 3 } } });
  });

  test('a header value in Latin-1 is read, not refused', async () => {
    expect(await answerTo(`GET ${PATH} HTTP/1.1\r\n${headers()}X-Team: caf\xe9\r\n\r\n`)).toMatchObject({
      status: 200,
    });
    expect(fake.requests.at(-1)?.headers['x-team']).toBe('café');
  });
});

describe(`a body over ${LIMIT} bytes gets 413 without being read`, () => {
  const TOO_LARGE = { status: 413, body: { detail: 'Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.' } };

  test('a declared Content-Length over the limit is answered at once, before any of the body arrives', async () => {
    const { text } = await exchange(
      `POST ${PATH} HTTP/1.1\r\n${keepAlive()}Content-Length: 60000000\r\n\r\n{"na`,
      undefined,
      1,
    );
    expect(answersIn(text)).toEqual([{ ...TOO_LARGE, closed: false }]);
    expect(fake.requests).toEqual([expect.objectContaining({ method: 'POST', body: undefined, status: 413 })]);
  });

  test('a chunked body is answered as soon as it grows past the limit, long before 60 MB are sent', async () => {
    const chunk = Buffer.concat([Buffer.from('100000\r\n'), Buffer.alloc(0x100000, 'a'), Buffer.from('\r\n')]);
    const start = `POST ${PATH} HTTP/1.1\r\n${keepAlive()}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    let sent = 0;
    const { text } = await exchange(
      start,
      (write) => {
        const more = () => {
          if (sent >= 60_000_000 || !write(chunk)) return;
          sent += 0x100000;
          setTimeout(more, 5);
        };
        more();
      },
      1,
    );
    expect(answersIn(text)).toEqual([{ ...TOO_LARGE, closed: false }]);
    expect(sent).toBeGreaterThan(LIMIT);
    expect(sent).toBeLessThan(16 * 0x100000);
    expect(fake.requests.at(-1)).toMatchObject({ body: undefined, status: 413 });
  });

  test('a body of exactly the limit is read and answered by the API', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(LIMIT - 11) });
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const answer = await answerTo(
      `POST ${PATH} HTTP/1.1\r\n${headers()}Content-Type: application/json\r\nContent-Length: ${LIMIT}\r\n\r\n${body}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ backends: ['This field is required.'] });
  });
});

test('requests pipelined on one connection are answered in the order they were sent', async () => {
  const { text } = await exchange(
    `GET ${PATH}?page=9 HTTP/1.1\r\n${keepAlive()}\r\n` +
      `TRACE ${PATH} HTTP/1.1\r\n${keepAlive()}\r\n` +
      `GET ${PATH} HTTP/1.1\r\n${keepAlive()}Connection: close\r\n\r\n`,
  );
  expect(answersIn(text).map(({ status }) => status)).toEqual([404, 405, 200]);
});
