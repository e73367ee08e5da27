// The client module a runner is built with (esbuild aliases it to one of bench/clients/*.ts).
declare module 'bench-client' {
  export function create(baseUrl: string, token: string): (stageUuid: string) => Promise<unknown>;
}
