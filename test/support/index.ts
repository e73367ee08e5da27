// What the test files share. Importing it starts nothing and registers no hook: servers started with
// startServer/startSilentServer close when their test finishes, those from listenOnLoopback when their owner says.
// Modules that load Prism (seeded-reads.ts) or spawn processes (process-tree.ts) are imported by path, so that the
// quick files do not pay for them.
export { BASE_URL, DOCUMENTED_EXAMPLE, PAGE, STAGE_URL, STAGE_UUID, TOKEN } from './fixtures.js';
export { fakeClient, fakeFetch, json, refusedClientOptions, type RecordedRequest } from './fake-fetch.js';
export { closedPortUrl, listenOnLoopback, type Loopback } from './loopback.js';
export { prismClient } from './prism-client.js';
export { rejectionOf } from './rejection.js';
export {
  abortListeners,
  activeSockets,
  activeTimers,
  contractProblems,
  documentedClass,
  everythingShown,
  leakedPieces,
  propertyRuns,
  quiesce,
  settleWithin,
  type Settled,
} from './promises.js';
export { startScriptedServer, type Arrival, type ScriptedServer, type Step, type Target } from './scripted-server.js';
export { sendJson, startServer, startSilentServer, type SeenRequest } from './servers.js';
export { stopwatch } from './stopwatch.js';
export { recordViolations } from '../../scripts/violations.js';
