// Plain data shared by the tests and the package checks: no test-runner import, so any process may load it.

export const STAGE_UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const TOKEN = 'test-token-5c1e';
/** The API root the tests with an injected fetch use; nothing listens there. */
export const BASE_URL = 'https://authentik.example.com/api/v3';
/** The URL of STAGE_UUID's stage under BASE_URL. */
export const STAGE_URL = `${BASE_URL}/stages/password/${STAGE_UUID}/`;

/** The documented 2025.10 example body of stages_password_retrieve. */
export const DOCUMENTED_EXAMPLE = {
  pk: STAGE_UUID,
  name: 'string',
  component: 'string',
  verbose_name: 'string',
  verbose_name_plural: 'string',
  meta_model_name: 'string',
  flow_set: [
    {
      pk: STAGE_UUID,
      policybindingmodel_ptr_id: STAGE_UUID,
      name: 'string',
      slug: 'string',
      title: 'string',
      designation: 'authentication',
      background: 'string',
      policy_engine_mode: 'all',
      compatibility_mode: true,
      export_url: 'string',
      layout: 'stacked',
      denied_action: 'message_continue',
    },
  ],
  backends: ['authentik.core.auth.InbuiltBackend'],
  configure_flow: STAGE_UUID,
  failed_attempts_before_cancel: 0,
  allow_show_password: true,
};

/** A list answer of one page holding the documented example. */
export const PAGE = {
  pagination: { next: 0, previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 },
  results: [DOCUMENTED_EXAMPLE],
  autocomplete: {},
};
