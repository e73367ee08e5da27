import type { TestProject } from 'vitest/node';
import { startPrism } from '../scripts/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

// One Prism mock of the fragment for the whole run; a failed start fails the run with Prism's output.
export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
