import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi/password-stage.yaml',
  output: { path: 'generated/hey-api', postProcess: [], importFileExtension: '.js' },
  plugins: [
    '@hey-api/client-fetch',
    { name: '@hey-api/typescript', enums: 'javascript' },
    // zod/mini keeps the validators tree-shakable; the facade parses with them.
    { name: 'zod', compatibilityVersion: 'mini' },
    '@hey-api/sdk',
  ],
});
