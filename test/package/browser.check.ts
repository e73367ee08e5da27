import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { expect, inject, onTestFinished, test } from 'vitest';
import { listenOnLoopback } from '../support/index.js';
import { EXPECTED_LINE, STAGE_UUID, consumerProject } from './consumer-project.js';
import { FETCH_LINES, FETCH_PROGRAM } from './testing-program.js';

// The page renders the retrieved stage as text, or the error's name and message, so the test reads what a person sees.
const APP = (prismUrl: string) => `
import { createAuthentikClient, backendLabel } from 'authentik-password-stage';

const output = document.getElementById('stage');
const authentik = createAuthentikClient({ baseUrl: ${JSON.stringify(prismUrl)}, token: 'mock-token' });
authentik.passwordStages.retrieve('${STAGE_UUID}').then(
  (stage) => {
    output.textContent = \`retrieved "\${stage.name}" (\${stage.pk}): backends \${stage.backends.map(backendLabel).join(', ')}; in \${stage.flow_set?.length} flow\`;
  },
  (error) => {
    output.textContent = \`\${error.name}: \${error.message}\`;
  },
).finally(() => output.setAttribute('data-done', ''));
`;

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Password stage</title></head>
<body><h1>Password stage</h1><output id="stage">loading…</output><script type="module" src="app.js"></script></body>
</html>
`;

/** Serves index.html and the bundle from 127.0.0.1 on a free port: another origin than the mock's. */
function servePage(bundle: string) {
  return listenOnLoopback(
    createServer((request, response) => {
      const [type, body] = request.url === '/app.js' ? ['text/javascript', bundle] : ['text/html', PAGE];
      response.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
    }),
  );
}

/**
 * Renders the page with `bundle` in headless Chromium; resolves to the page's output once it is done, failing on any
 * page error.
 */
async function renderInChromium(
  bundle: string,
  whilePage?: (tab: Page) => Promise<void>,
): Promise<{ text: string | null; version: string; pageOrigin: string }> {
  const page = await servePage(bundle);
  onTestFinished(() => page.close());
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Playwright adds --headless and a fresh temporary --user-data-dir itself.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (error) => problems.push(error.message));
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const watching = whilePage?.(tab);
    await tab.goto(`${page.url}/`);
    await tab.locator('#stage[data-done]').waitFor();
    await watching;
    const text = await tab.locator('#stage').textContent();
    expect(problems).toEqual([]);
    return { text, version: browser.version(), pageOrigin: page.url };
  } finally {
    await browser.close();
  }
}

/** Bundles a consumer project's `src/app.js` for the browser, as a page would ship it. */
async function bundlePage(dir: string): Promise<string> {
  const outfile = join(dir, 'public/app.js');
  await build({
    entryPoints: [join(dir, 'src/app.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile,
    logLevel: 'warning',
  });
  return readFile(outfile, 'utf8');
}

test('a page bundled with esbuild retrieves a stage cross-origin in headless Chromium and renders it', async () => {
  const dir = await consumerProject({
    'package.json': JSON.stringify({ name: 'browser-consumer', private: true, type: 'module' }),
    'src/app.js': APP(inject('prismUrl')),
  });
  const bundle = await bundlePage(dir);
  console.log(`[esbuild] page script with the SDK: ${Buffer.byteLength(bundle)} bytes minified`);
  const prismOrigin = new URL(inject('prismUrl')).origin;
  let origin: string | undefined;
  const { text, version, pageOrigin } = await renderInChromium(bundle, async (tab) => {
    const apiRequest = await tab.waitForRequest(
      (request) => request.url().startsWith(prismOrigin) && request.method() === 'GET',
    );
    origin = (await apiRequest.allHeaders()).origin;
  });
  console.log(`[chromium ${version}] ${text}`);
  expect(text).toBe(EXPECTED_LINE);
  // The browser sent it as a cross-origin request, so the answer passed its CORS checks.
  expect(origin).toBe(pageOrigin);
});

test('a page bundled with esbuild for the browser uses /testing in fetch mode in headless Chromium, without Node built-ins', async () => {
  const dir = await consumerProject({
    'package.json': JSON.stringify({ name: 'browser-testing-consumer', private: true, type: 'module' }),
    'src/fetch-mode.js': FETCH_PROGRAM,
    'src/app.js': `import { run } from './fetch-mode.js';
const output = document.getElementById('stage');
const lines = [];
run((line) => lines.push(line)).then(
  () => (output.textContent = lines.join('\\n')),
  (error) => (output.textContent = \`\${error.name}: \${error.message}\`),
).finally(() => output.setAttribute('data-done', ''));
`,
  });
  const bundle = await bundlePage(dir);
  console.log(`[esbuild] page script with the SDK and its test kit: ${Buffer.byteLength(bundle)} bytes minified`);
  const { text, version } = await renderInChromium(bundle);
  console.log(`[chromium ${version}] ${text}`);
  expect(text?.split('\n')).toEqual(FETCH_LINES);
});
