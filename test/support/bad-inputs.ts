export const VALID = { name: 'login-password', backends: ['authentik.core.auth.InbuiltBackend'] };

// Bodies that break PasswordStageRequest, each with the path the error must name.
export const BAD_BODIES: Array<[string, unknown, string]> = [
  ['an empty name', { ...VALID, name: '' }, 'name'],
  ['a missing name', { backends: VALID.backends }, 'name'],
  ['a numeric name', { ...VALID, name: 42 }, 'name'],
  ['a null name', { ...VALID, name: null }, 'name'],
  ['missing backends', { name: 'x' }, 'backends'],
  ['backends as a string', { ...VALID, backends: 'authentik.core.auth.InbuiltBackend' }, 'backends'],
  ['an unknown backend', { ...VALID, backends: ['authentik.core.auth.MagicBackend'] }, 'backends[0]'],
  ['a backend in the wrong case', { ...VALID, backends: ['AUTHENTIK.CORE.AUTH.INBUILTBACKEND'] }, 'backends[0]'],
  ['a null backend', { ...VALID, backends: [null] }, 'backends[0]'],
  [
    'failed attempts above int32',
    { ...VALID, failed_attempts_before_cancel: 2 ** 31 },
    'failed_attempts_before_cancel',
  ],
  [
    'failed attempts below int32',
    { ...VALID, failed_attempts_before_cancel: -(2 ** 31) - 1 },
    'failed_attempts_before_cancel',
  ],
  ['fractional failed attempts', { ...VALID, failed_attempts_before_cancel: 1.5 }, 'failed_attempts_before_cancel'],
  ['failed attempts as a string', { ...VALID, failed_attempts_before_cancel: '5' }, 'failed_attempts_before_cancel'],
  ['NaN failed attempts', { ...VALID, failed_attempts_before_cancel: Number.NaN }, 'failed_attempts_before_cancel'],
  [
    'infinite failed attempts',
    { ...VALID, failed_attempts_before_cancel: Number.POSITIVE_INFINITY },
    'failed_attempts_before_cancel',
  ],
  ['allow_show_password as a string', { ...VALID, allow_show_password: 'yes' }, 'allow_show_password'],
  ['a configure_flow that is not a uuid', { ...VALID, configure_flow: 'default-flow' }, 'configure_flow'],
  ['a misspelt field', { ...VALID, allow_show_pasword: true }, 'allow_show_pasword'],
  ['a __proto__ field', JSON.parse('{"name":"x","backends":[],"__proto__":{"admin":true}}'), '__proto__'],
  ['null instead of an object', null, ''],
  ['an array instead of an object', [VALID], ''],
  ['a string instead of an object', JSON.stringify(VALID), ''],
];
