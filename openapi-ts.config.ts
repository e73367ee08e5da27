import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi/password-stage.yaml',
  output: { path: 'generated/hey-api', postProcess: [], importFileExtension: '.js' },
  plugins: [
    '@hey-api/client-fetch',
    { name: '@hey-api/typescript', enums: 'javascript' },
    {
      // zod/mini keeps the validators tree-shakable; the facade parses with them.
      name: 'zod',
      compatibilityVersion: 'mini',
      '~resolvers': {
        // `format: uuid` means the 8-4-4-4-12 hex form. zod's z.uuid() also demands RFC 9562 version and variant
        // bits, which authentik does not promise and which Prism's generated uuids rarely have; z.guid() checks
        // the form only.
        string(ctx) {
          if (ctx.schema.format !== 'uuid') return undefined;
          ctx.nodes.format = ({ $, symbols }) => $(symbols.z).attr('guid').call();
          return undefined;
        },
      },
    },
    '@hey-api/sdk',
  ],
});
