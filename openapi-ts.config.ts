import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi/password-stage.yaml',
  output: { path: 'generated/hey-api', postProcess: [], importFileExtension: '.js' },
  plugins: [
    '@hey-api/client-fetch',
    { name: '@hey-api/typescript', enums: 'javascript' },
    {
      // valibot: the smallest bundle and the cheapest check per answer of the two validators hey-api generates
      // (README, "Performance").
      name: 'valibot',
      // One schema per operation's arguments (`v<Operation>Data`), built once when the module loads, not on every call.
      requests: { shouldExtract: true },
      '~resolvers': {
        // The request validator checks its prebuilt schema synchronously: nothing in it is async, and parseAsync
        // costs a promise per check. It throws valibot's ValiError (exported by the `/generated` entry) with the same
        // issue paths, each issue's message starting with its path, so that the error's message names the field.
        validator: {
          // The resolver may return a list of statements (hey-api runs them in order); its type names only one.
          request: ({ $, symbols }) =>
            [
              $.const('result').assign($(symbols.v).attr('safeParse').call(symbols.schema, 'data')),
              $.id('if (result.success) return'),
              $.id(
                "for (const issue of result.issues) Object.assign(issue, { message: `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}` })",
              ),
              $.id('throw new v.ValiError(result.issues)'),
            ] as unknown as null,
        },
        // An object the spec closes by leaving out additionalProperties becomes v.strictObject, so that a field
        // outside the contract is reported: request bodies and queries must not carry one, and 'strict' answers
        // must not either. 'tolerant' answers drop exactly those reports (src/validation.ts).
        object(ctx) {
          const declared = ctx.nodes.additionalProperties;
          ctx.nodes.additionalProperties = (node) => declared(node) ?? null;
          return undefined;
        },
      },
    },
    // Plain functions that take the client as an option: each SDK client passes its own, and no module-level
    // client exists. The request validator rejects bad arguments before anything is sent.
    { name: '@hey-api/sdk', client: false, validator: { request: 'valibot', response: false } },
  ],
});
