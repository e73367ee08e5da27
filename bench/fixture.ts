// A realistic retrieve answer: a password stage used by two flows.
export const STAGE_UUID = '9f5c3d0e-6a2b-4c41-9e57-0d8f3b1a7c64';
export const TOKEN = 'bench-token-0123456789abcdef';

const flow = (slug: string, designation: string) => ({
  pk: '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
  policybindingmodel_ptr_id: '2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6',
  name: `Default ${designation} flow`,
  slug,
  title: 'Welcome to authentik!',
  designation,
  background: '/static/dist/assets/images/flow_background.jpg',
  policy_engine_mode: 'any',
  compatibility_mode: false,
  export_url: `/api/v3/flows/instances/${slug}/export/`,
  layout: 'stacked',
  denied_action: 'message_continue',
});

export const STAGE = {
  pk: STAGE_UUID,
  name: 'default-authentication-password',
  component: 'ak-stage-password-form',
  verbose_name: 'Password Stage',
  verbose_name_plural: 'Password Stages',
  meta_model_name: 'authentik_stages_password.passwordstage',
  flow_set: [
    flow('default-authentication-flow', 'authentication'),
    flow('default-password-change', 'stage_configuration'),
  ],
  backends: [
    'authentik.core.auth.InbuiltBackend',
    'authentik.core.auth.TokenBackend',
    'authentik.sources.ldap.auth.LDAPBackend',
  ],
  configure_flow: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
  failed_attempts_before_cancel: 5,
  allow_show_password: false,
};

/** The check every client's every result must pass (@goauthentik/api renames flow_set to flowSet). */
export function isExpectedStage(stage: unknown): boolean {
  const value = stage as (typeof STAGE & { flowSet?: unknown[] }) | undefined;
  return value?.pk === STAGE_UUID && (value.flow_set ?? value.flowSet)?.length === 2 && value.backends?.length === 3;
}
