// `authentik-password-stage/testing`: a stateful fake of authentik's password-stage API for testing code that uses
// the SDK, in memory (`fetch`) or on a loopback port (`listen()`).
export { createFakeAuthentik, type FakeAuthentik, type FakeAuthentikOptions } from './fake.js';
export type { ReceivedRequest } from './core.js';
export type { Fault, FaultOptions } from './faults.js';
export type { Listening } from './listen.js';
export { RELEASES, CONTRACT_RELEASE, type Release } from './releases.js';
export type { FakeFlow, FakeStage, FlowInit, ReferenceInit, StageInit, Tokens } from './state.js';
