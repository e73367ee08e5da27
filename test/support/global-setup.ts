import type { TestProject } from 'vitest/node';
import { startMock } from '../../scripts/prism-in-process.js';
import { FRAGMENT } from '../../scripts/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

// One Prism mock of the fragment for the whole run, inside the run's own process: a run that is killed takes it
// along. A document Prism cannot load fails the run with Prism's error.
export default async function setup(project: TestProject) {
  const prism = await startMock(FRAGMENT);
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
