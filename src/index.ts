// The public entry: every export by name. The generated operations are at `authentik-password-stage/generated`.
export { createAuthentikClient, type AuthentikClient } from './client.js';
export type { ClientOptions, RequestOptions, TokenSource, ValidationMode, WithResponse } from './options.js';
export type { PasswordStageListQuery, PasswordStages } from './password-stages.js';
export {
  AuthentikError, APIError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError, RateLimitError,
  InternalServerError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, ResponseValidationError, InvalidArgumentError,
  TokenProviderError, isAuthentikError, type Problem, type CallInfo,
} from './errors.js';
export {
  Backend, backendValues, isBackend, backendLabel,
  FlowDesignation, flowDesignationValues, isFlowDesignation, flowDesignationLabel,
  PolicyEngineMode, policyEngineModeValues, isPolicyEngineMode, policyEngineModeLabel,
  FlowLayout, flowLayoutValues, isFlowLayout, flowLayoutLabel,
  DeniedAction, deniedActionValues, isDeniedAction, deniedActionLabel,
  UsedByAction, usedByActionValues, isUsedByAction, usedByActionLabel,
} from './enums.js';
export type {
  FlowSet, GenericError, PaginatedPasswordStageList, Pagination, PasswordStage, PasswordStageRequest, PatchedPasswordStageRequest, UsedBy,
  ValidationError,
} from '../generated/hey-api/types.gen.js';
