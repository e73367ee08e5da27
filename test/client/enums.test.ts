import { describe, expect, test } from 'vitest';
import {
  Backend,
  backendLabel,
  backendValues,
  DeniedAction,
  deniedActionLabel,
  deniedActionValues,
  FlowDesignation,
  flowDesignationLabel,
  flowDesignationValues,
  FlowLayout,
  flowLayoutLabel,
  flowLayoutValues,
  isBackend,
  isDeniedAction,
  isFlowDesignation,
  isFlowLayout,
  isPolicyEngineMode,
  isUsedByAction,
  PolicyEngineMode,
  policyEngineModeLabel,
  policyEngineModeValues,
  UsedByAction,
  usedByActionLabel,
  usedByActionValues,
} from '../../src/index.js';
import {
  vBackendsEnum,
  vDeniedActionEnum,
  vFlowDesignationEnum,
  vFlowLayoutEnum,
  vPolicyEngineMode,
  vUsedByActionEnum,
} from '../../generated/hey-api/valibot.gen.js';

const enums = [
  { name: 'backend', values: backendValues, is: isBackend, label: backendLabel, spec: vBackendsEnum },
  {
    name: 'flow designation',
    values: flowDesignationValues,
    is: isFlowDesignation,
    label: flowDesignationLabel,
    spec: vFlowDesignationEnum,
  },
  {
    name: 'policy engine mode',
    values: policyEngineModeValues,
    is: isPolicyEngineMode,
    label: policyEngineModeLabel,
    spec: vPolicyEngineMode,
  },
  { name: 'flow layout', values: flowLayoutValues, is: isFlowLayout, label: flowLayoutLabel, spec: vFlowLayoutEnum },
  {
    name: 'denied action',
    values: deniedActionValues,
    is: isDeniedAction,
    label: deniedActionLabel,
    spec: vDeniedActionEnum,
  },
  {
    name: 'used-by action',
    values: usedByActionValues,
    is: isUsedByAction,
    label: usedByActionLabel,
    spec: vUsedByActionEnum,
  },
];

describe.each(enums)('$name helpers', ({ values, is, label, spec }) => {
  test('list exactly the values the spec allows, in its order', () => {
    expect(values).toEqual(spec.options);
  });

  test('the type guard accepts every known value and rejects other values and non-strings', () => {
    for (const value of values) expect(is(value)).toBe(true);
    for (const other of ['', 'unknown', 'toString', '__proto__', values[0]!.toUpperCase(), 1, null, undefined, {}])
      expect(is(other)).toBe(false);
  });

  test('every known value has its own label for people, different from the raw value', () => {
    const labels = values.map((value) => label(value));
    expect(new Set(labels).size).toBe(values.length);
    for (const [index, value] of values.entries()) expect(labels[index]).not.toBe(value);
  });

  test('a non-string that reads as a known value, such as an array holding one, is not accepted', () => {
    expect(is([values[0]])).toBe(false);
    expect(is({ toString: () => values[0] })).toBe(false);
  });

  test('an unknown value, as a newer authentik may send, is labelled as it is', () => {
    expect(label('something.new')).toBe('something.new');
    expect(label('constructor')).toBe('constructor');
  });
});

test('each known value has the label the demo and users print, word for word', () => {
  const labelled = (values: readonly string[], label: (value: string) => string) =>
    Object.fromEntries(values.map((value) => [value, label(value)]));
  expect(labelled(backendValues, backendLabel)).toEqual({
    [Backend.Inbuilt]: 'User database + standard password',
    [Backend.Token]: 'User database + app passwords',
    [Backend.LDAP]: 'User database + LDAP password',
    [Backend.Kerberos]: 'User database + Kerberos password',
  });
  expect(labelled(flowDesignationValues, flowDesignationLabel)).toEqual({
    authentication: 'Authentication',
    authorization: 'Authorization',
    invalidation: 'Invalidation',
    enrollment: 'Enrollment',
    unenrollment: 'Unenrollment',
    recovery: 'Recovery',
    stage_configuration: 'Stage configuration',
  });
  expect(labelled(policyEngineModeValues, policyEngineModeLabel)).toEqual({
    all: 'All policies must match',
    any: 'Any policy must match',
  });
  expect(labelled(flowLayoutValues, flowLayoutLabel)).toEqual({
    stacked: 'Stacked',
    content_left: 'Content left',
    content_right: 'Content right',
    sidebar_left: 'Sidebar left',
    sidebar_right: 'Sidebar right',
    sidebar_left_frame_background: 'Sidebar left, framed background',
    sidebar_right_frame_background: 'Sidebar right, framed background',
  });
  expect(labelled(deniedActionValues, deniedActionLabel)).toEqual({
    message_continue: 'Show a message, then continue',
    message: 'Show a message',
    continue: 'Continue',
  });
  expect(labelled(usedByActionValues, usedByActionLabel)).toEqual({
    cascade: 'Deleted with it',
    cascade_many: 'Connection deleted with it',
    set_null: 'Reference cleared',
    set_default: 'Reference reset to its default',
    left_dangling: 'Reference left as it is',
  });
});

describe('friendly names', () => {
  test('backends have short aliases beside the generated names', () => {
    expect(Backend.Inbuilt).toBe('authentik.core.auth.InbuiltBackend');
    expect(Backend.Token).toBe('authentik.core.auth.TokenBackend');
    expect(Backend.LDAP).toBe('authentik.sources.ldap.auth.LDAPBackend');
    expect(Backend.Kerberos).toBe('authentik.sources.kerberos.auth.KerberosBackend');
    expect(Backend.AUTHENTIK_CORE_AUTH_INBUILT_BACKEND).toBe(Backend.Inbuilt);
    expect(backendLabel(Backend.LDAP)).toBe('User database + LDAP password');
  });

  test('the other enums have PascalCase aliases of the generated names', () => {
    expect(FlowDesignation.StageConfiguration).toBe('stage_configuration');
    expect(FlowDesignation.STAGE_CONFIGURATION).toBe('stage_configuration');
    expect(PolicyEngineMode.Any).toBe('any');
    expect(FlowLayout.SidebarRight).toBe('sidebar_right');
    expect(DeniedAction.MessageContinue).toBe('message_continue');
    expect(UsedByAction.CascadeMany).toBe('cascade_many');
  });

  test('the enum objects cannot be changed by callers', () => {
    expect(Object.isFrozen(Backend)).toBe(true);
    expect(Object.isFrozen(FlowLayout)).toBe(true);
    expect(Object.isFrozen(backendValues)).toBe(true);
  });
});
