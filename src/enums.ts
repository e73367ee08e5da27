import {
  BackendsEnum,
  DeniedActionEnum,
  FlowDesignationEnum,
  FlowLayoutEnum,
  PolicyEngineMode as PolicyEngineModeEnum,
  UsedByActionEnum,
} from '../generated/hey-api/types.gen.js';

type PascalCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Capitalize<Lowercase<Head>>}${PascalCase<Tail>}`
  : Capitalize<Lowercase<S>>;
type WithAliases<O extends Record<string, string>> = O & { readonly [K in keyof O & string as PascalCase<K>]: O[K] };

function withAliases<O extends Record<string, string>>(values: O): WithAliases<O> {
  const aliases = Object.entries(values).map(([key, value]) => [
    key.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase()),
    value,
  ]);
  return Object.freeze({ ...values, ...Object.fromEntries(aliases) }) as WithAliases<O>;
}

/**
 * The helpers of one enum. A value this SDK does not know (a newer authentik may send one) is not an error:
 * the type guard returns false and the label is the value itself, unchanged.
 */
function enumHelpers<V extends string>(labels: Record<V, string>) {
  const values = Object.freeze(Object.keys(labels) as V[]);
  return {
    values,
    is: (value: unknown): value is V => typeof value === 'string' && Object.hasOwn(labels, value),
    label: (value: V | (string & {})): string => (Object.hasOwn(labels, value) ? labels[value as V] : value),
  };
}

/** Where a password stage checks passwords; `Backend.Inbuilt`, `.Token`, `.LDAP` and `.Kerberos` name them. */
export const Backend = Object.freeze({
  ...BackendsEnum,
  Inbuilt: BackendsEnum.AUTHENTIK_CORE_AUTH_INBUILT_BACKEND,
  Token: BackendsEnum.AUTHENTIK_CORE_AUTH_TOKEN_BACKEND,
  LDAP: BackendsEnum.AUTHENTIK_SOURCES_LDAP_AUTH_LDAP_BACKEND,
  Kerberos: BackendsEnum.AUTHENTIK_SOURCES_KERBEROS_AUTH_KERBEROS_BACKEND,
} as const);
export type Backend = BackendsEnum;
const backend = enumHelpers<Backend>({
  [Backend.Inbuilt]: 'User database + standard password',
  [Backend.Token]: 'User database + app passwords',
  [Backend.LDAP]: 'User database + LDAP password',
  [Backend.Kerberos]: 'User database + Kerberos password',
});
/** Every backend this SDK knows. */
export const backendValues = backend.values;
export const isBackend = backend.is;
/** A label for people; an unknown value is returned as it is. */
export const backendLabel = backend.label;

/** What a flow is used for. */
export const FlowDesignation = withAliases(FlowDesignationEnum);
export type FlowDesignation = FlowDesignationEnum;
const flowDesignation = enumHelpers<FlowDesignation>({
  authentication: 'Authentication',
  authorization: 'Authorization',
  invalidation: 'Invalidation',
  enrollment: 'Enrollment',
  unenrollment: 'Unenrollment',
  recovery: 'Recovery',
  stage_configuration: 'Stage configuration',
});
export const flowDesignationValues = flowDesignation.values;
export const isFlowDesignation = flowDesignation.is;
export const flowDesignationLabel = flowDesignation.label;

/** Whether all or any of a flow's policies must pass. */
export const PolicyEngineMode = withAliases(PolicyEngineModeEnum);
export type PolicyEngineMode = PolicyEngineModeEnum;
const policyEngineMode = enumHelpers<PolicyEngineMode>({
  all: 'All policies must match',
  any: 'Any policy must match',
});
export const policyEngineModeValues = policyEngineMode.values;
export const isPolicyEngineMode = policyEngineMode.is;
export const policyEngineModeLabel = policyEngineMode.label;

/** How a flow's page is laid out. */
export const FlowLayout = withAliases(FlowLayoutEnum);
export type FlowLayout = FlowLayoutEnum;
const flowLayout = enumHelpers<FlowLayout>({
  stacked: 'Stacked',
  content_left: 'Content left',
  content_right: 'Content right',
  sidebar_left: 'Sidebar left',
  sidebar_right: 'Sidebar right',
  sidebar_left_frame_background: 'Sidebar left, framed background',
  sidebar_right_frame_background: 'Sidebar right, framed background',
});
export const flowLayoutValues = flowLayout.values;
export const isFlowLayout = flowLayout.is;
export const flowLayoutLabel = flowLayout.label;

/** What a flow does when it denies access. */
export const DeniedAction = withAliases(DeniedActionEnum);
export type DeniedAction = DeniedActionEnum;
const deniedAction = enumHelpers<DeniedAction>({
  message_continue: 'Show a message, then continue',
  message: 'Show a message',
  continue: 'Continue',
});
export const deniedActionValues = deniedAction.values;
export const isDeniedAction = deniedAction.is;
export const deniedActionLabel = deniedAction.label;

/** What deleting a stage does to an object that uses it (`usedBy`). */
export const UsedByAction = withAliases(UsedByActionEnum);
export type UsedByAction = UsedByActionEnum;
const usedByAction = enumHelpers<UsedByAction>({
  cascade: 'Deleted with it',
  cascade_many: 'Connection deleted with it',
  set_null: 'Reference cleared',
  set_default: 'Reference reset to its default',
  left_dangling: 'Reference left as it is',
});
export const usedByActionValues = usedByAction.values;
export const isUsedByAction = usedByAction.is;
export const usedByActionLabel = usedByAction.label;
