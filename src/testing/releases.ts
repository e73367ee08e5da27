/** The authentik releases the fake can answer as: the compatibility matrix of this SDK. */
export const RELEASES = ['2025.8.6', '2025.10.4', '2025.12.6', '2026.2.0', '2026.5.6', '2026.8.3'] as const;
export type Release = (typeof RELEASES)[number];
/** The release the contract (openapi/password-stage.yaml) was taken from: the fake's default. */
export const CONTRACT_RELEASE: Release = '2025.10.4';

/** How a release's answers differ from the others' (README, "Compatibility matrix" and "Upgrading"). */
export function dialectOf(release: Release) {
  const since = (first: Release) => RELEASES.indexOf(release) >= RELEASES.indexOf(first);
  return {
    /** 2025.12 renamed a flow's `background` to `background_url`. */
    background: since('2025.12.6') ? ('background_url' as const) : ('background' as const),
    /** Before 2025.12 a relation that a delete leaves behind was reported as `cascade`. */
    leftDangling: since('2025.12.6'),
    /** The flow layouts with a frame background exist from 2026.2 on. */
    frameLayouts: since('2026.2.0'),
  };
}
export type Dialect = ReturnType<typeof dialectOf>;
