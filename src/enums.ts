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
  const pascal = (key: string) =>
    key.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
  return Object.freeze({
    ...values,
    ...Object.fromEntries(Object.entries(values).map(([key, value]) => [pascal(key), value])),
  }) as WithAliases<O>;
}

// Helpers of one enum, built from its labels. A value this SDK does not know (a newer authentik may send
// one) is not an error: the guard returns false for it and the label is the value itself, unchanged.
const valuesOf = <V extends string>(labels: Record<V, string>): readonly V[] =>
  Object.freeze(Object.keys(labels) as V[]);
const guardFor =
  <V extends string>(labels: Record<V, string>) =>
  (value: unknown): value is V =>
    typeof value === 'string' && Object.hasOwn(labels, value);
const labelFor =
  <V extends string>(labels: Record<V, string>) =>
  (value: V | (string & {})): string =>
    Object.hasOwn(labels, value) ? labels[value as V] : value;

// Built inside a function: a bundler keeps a pure call's arguments when they read properties, as these do.
/** Where a password stage checks passwords; `Backend.Inbuilt`, `.Token`, `.LDAP` and `.Kerberos` name them. */
export const Backend = /* @__PURE__ */ (() =>
  Object.freeze({
    ...BackendsEnum,
    Inbuilt: BackendsEnum.AUTHENTIK_CORE_AUTH_INBUILT_BACKEND,
    Token: BackendsEnum.AUTHENTIK_CORE_AUTH_TOKEN_BACKEND,
    LDAP: BackendsEnum.AUTHENTIK_SOURCES_LDAP_AUTH_LDAP_BACKEND,
    Kerberos: BackendsEnum.AUTHENTIK_SOURCES_KERBEROS_AUTH_KERBEROS_BACKEND,
  } as const))();
export type Backend = BackendsEnum;
// Literal keys, not `[Backend.Inbuilt]`: a computed key would keep the enum objects in every bundle.
const BACKEND_LABELS: Record<Backend, string> = {
  'authentik.core.auth.InbuiltBackend': 'User database + standard password',
  'authentik.core.auth.TokenBackend': 'User database + app passwords',
  'authentik.sources.ldap.auth.LDAPBackend': 'User database + LDAP password',
  'authentik.sources.kerberos.auth.KerberosBackend': 'User database + Kerberos password',
};
/** Every backend this SDK knows. */
export const backendValues = /* @__PURE__ */ valuesOf(BACKEND_LABELS);
export const isBackend = /* @__PURE__ */ guardFor(BACKEND_LABELS);
/** A label for people; an unknown value is returned as it is. */
export const backendLabel = /* @__PURE__ */ labelFor(BACKEND_LABELS);

/** What a flow is used for. */
export const FlowDesignation = /* @__PURE__ */ withAliases(FlowDesignationEnum);
export type FlowDesignation = FlowDesignationEnum;
const FLOW_DESIGNATION_LABELS: Record<FlowDesignation, string> = {
  authentication: 'Authentication',
  authorization: 'Authorization',
  invalidation: 'Invalidation',
  enrollment: 'Enrollment',
  unenrollment: 'Unenrollment',
  recovery: 'Recovery',
  stage_configuration: 'Stage configuration',
};
export const flowDesignationValues = /* @__PURE__ */ valuesOf(FLOW_DESIGNATION_LABELS);
export const isFlowDesignation = /* @__PURE__ */ guardFor(FLOW_DESIGNATION_LABELS);
export const flowDesignationLabel = /* @__PURE__ */ labelFor(FLOW_DESIGNATION_LABELS);

/** Whether all or any of a flow's policies must pass. */
export const PolicyEngineMode = /* @__PURE__ */ withAliases(PolicyEngineModeEnum);
export type PolicyEngineMode = PolicyEngineModeEnum;
const POLICY_ENGINE_MODE_LABELS: Record<PolicyEngineMode, string> = {
  all: 'All policies must match',
  any: 'Any policy must match',
};
export const policyEngineModeValues = /* @__PURE__ */ valuesOf(POLICY_ENGINE_MODE_LABELS);
export const isPolicyEngineMode = /* @__PURE__ */ guardFor(POLICY_ENGINE_MODE_LABELS);
export const policyEngineModeLabel = /* @__PURE__ */ labelFor(POLICY_ENGINE_MODE_LABELS);

/** How a flow's page is laid out. */
export const FlowLayout = /* @__PURE__ */ withAliases(FlowLayoutEnum);
export type FlowLayout = FlowLayoutEnum;
const FLOW_LAYOUT_LABELS: Record<FlowLayout, string> = {
  stacked: 'Stacked',
  content_left: 'Content left',
  content_right: 'Content right',
  sidebar_left: 'Sidebar left',
  sidebar_right: 'Sidebar right',
  sidebar_left_frame_background: 'Sidebar left, framed background',
  sidebar_right_frame_background: 'Sidebar right, framed background',
};
export const flowLayoutValues = /* @__PURE__ */ valuesOf(FLOW_LAYOUT_LABELS);
export const isFlowLayout = /* @__PURE__ */ guardFor(FLOW_LAYOUT_LABELS);
export const flowLayoutLabel = /* @__PURE__ */ labelFor(FLOW_LAYOUT_LABELS);

/** What a flow does when it denies access. */
export const DeniedAction = /* @__PURE__ */ withAliases(DeniedActionEnum);
export type DeniedAction = DeniedActionEnum;
const DENIED_ACTION_LABELS: Record<DeniedAction, string> = {
  message_continue: 'Show a message, then continue',
  message: 'Show a message',
  continue: 'Continue',
};
export const deniedActionValues = /* @__PURE__ */ valuesOf(DENIED_ACTION_LABELS);
export const isDeniedAction = /* @__PURE__ */ guardFor(DENIED_ACTION_LABELS);
export const deniedActionLabel = /* @__PURE__ */ labelFor(DENIED_ACTION_LABELS);

/** What deleting a stage does to an object that uses it (`usedBy`). */
export const UsedByAction = /* @__PURE__ */ withAliases(UsedByActionEnum);
export type UsedByAction = UsedByActionEnum;
const USED_BY_ACTION_LABELS: Record<UsedByAction, string> = {
  cascade: 'Deleted with it',
  cascade_many: 'Connection deleted with it',
  set_null: 'Reference cleared',
  set_default: 'Reference reset to its default',
  left_dangling: 'Reference left as it is',
};
export const usedByActionValues = /* @__PURE__ */ valuesOf(USED_BY_ACTION_LABELS);
export const isUsedByAction = /* @__PURE__ */ guardFor(USED_BY_ACTION_LABELS);
export const usedByActionLabel = /* @__PURE__ */ labelFor(USED_BY_ACTION_LABELS);
