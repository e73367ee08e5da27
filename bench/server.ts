// The bench's API server, in its own process: answers retrieve with a fixed body after checking the token.
import { createServer } from 'node:http';
import { STAGE, STAGE_UUID, TOKEN } from './fixture.js';

const body = JSON.stringify(STAGE);
const path = `/api/v3/stages/password/${STAGE_UUID}/`;
const server = createServer((req, res) => {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    res.writeHead(401, { 'content-type': 'application/json' });
    return res.end('{"detail":"Authentication credentials were not provided."}');
  }
  if (req.method !== 'GET' || req.url !== path) {
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end('{"detail":"Not found."}');
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as { port: number }).port });
});
process.on('disconnect', () => process.exit(0));
