// The fake's data, kept as plain records, and how a release serializes them.
import { seed } from '../../generated/testing/seed.gen.js';
import type {
  BackendsEnum,
  FlowSet,
  PasswordStage,
  UsedBy,
  UsedByActionEnum,
} from '../../generated/hey-api/types.gen.js';
import { randomUuid } from './answers.js';
import { dialectOf, type Release } from './releases.js';

/** A password stage as the fake stores it: the fields a client can write, and its uuid. */
export interface FakeStage {
  pk: string;
  name: string;
  backends: BackendsEnum[];
  configure_flow: string | null;
  failed_attempts_before_cancel: number;
  allow_show_password: boolean;
}
/** A flow as the fake stores it (its export URL follows from the slug). */
export type FakeFlow = Required<Omit<FlowSet, 'export_url' | 'background_url'>>;

/** A stage of your own; authentik's defaults fill in what you leave out, and `pk` defaults to a new uuid. */
export type StageInit = Pick<FakeStage, 'name' | 'backends'> & Partial<FakeStage>;
/** A flow of your own: `stages` names the stages it binds (by name), in order. */
export type FlowInit = Pick<FakeFlow, 'slug'> & Partial<FakeFlow> & { stages?: readonly string[] };
/** Another object that refers to a stage (named by `stage`), listed by `usedBy` after the flow bindings. */
export type ReferenceInit = Omit<UsedBy, 'pk'> & { stage: string; pk?: string };

/** One fake's state: the release it answers as, the path of its API root (e.g. `/api/v3`), its tokens and data. */
export interface Server {
  release: Release;
  root: string;
  tokens: Tokens;
  data: Data;
}

/** The fake's API tokens, one for each answer of authentik's authentication. */
export interface Tokens {
  /** A valid token with every permission. */
  valid: string;
  /** A valid token whose user may not do anything here: 403, "You do not have permission to perform this action." */
  withoutPermission: string;
  /** An expired token: 403, "Token invalid/expired". */
  expired: string;
}

export interface Data {
  stages: FakeStage[];
  flows: FakeFlow[];
  /** Every flow that exists, including ones known only as a stage's configure flow. */
  flowPks: Set<string>;
  bindings: { pk: string; target: string; stage: string }[];
  references: (Omit<ReferenceInit, 'stage' | 'pk'> & { pk: string; stage: string })[];
}

// A deep, writable copy: the fake changes its data, never the caller's or the seed's.
const copy = <T>(value: T | { readonly [key: string]: unknown } | readonly unknown[]): T =>
  JSON.parse(JSON.stringify(value)) as T;

/** The starting data: authentik's default password stages (from the contract's examples), or your own. */
export function initialData(
  release: Release,
  options: { stages?: readonly StageInit[]; flows?: readonly FlowInit[]; references?: readonly ReferenceInit[] },
): Data {
  const own = options.stages !== undefined || options.flows !== undefined;
  const stages: FakeStage[] = own
    ? (options.stages ?? []).map((stage) => ({
        pk: randomUuid(),
        configure_flow: null,
        failed_attempts_before_cancel: 5,
        allow_show_password: false,
        ...copy(stage),
      }))
    : copy<FakeStage[]>(seed.stages);
  const byName = (name: string, what: string) => {
    const stage = stages.find((candidate) => candidate.name === name);
    if (!stage)
      throw new TypeError(`createFakeAuthentik: ${what} names the stage "${name}", which is not among the stages`);
    return stage;
  };
  const flows: FakeFlow[] = own ? [] : copy<FakeFlow[]>(seed.flows);
  const bindings: Data['bindings'] = own ? [] : copy<Data['bindings']>(seed.bindings);
  for (const { stages: bound = [], ...init } of options.flows ?? []) {
    const flow: FakeFlow = {
      pk: randomUuid(),
      policybindingmodel_ptr_id: randomUuid(),
      name: init.slug,
      title: init.slug,
      designation: 'authentication',
      background: '/static/dist/assets/images/flow_background.jpg',
      policy_engine_mode: 'any',
      compatibility_mode: false,
      layout: 'stacked',
      denied_action: 'message_continue',
      ...init,
    };
    flows.push(flow);
    for (const name of bound)
      bindings.push({ pk: randomUuid(), target: flow.pk, stage: byName(name, `flow "${flow.slug}"`).pk });
  }
  if (!dialectOf(release).frameLayouts) {
    const newer = flows.find((flow) => flow.layout.endsWith('_frame_background'));
    if (newer)
      throw new TypeError(
        `createFakeAuthentik: flow "${newer.slug}" has the layout ${newer.layout}, which authentik ${release} does not have (it came in 2026.2)`,
      );
  }
  const references = (options.references ?? []).map(({ stage, pk = randomUuid(), ...reference }) => ({
    ...reference,
    pk,
    stage: byName(stage, 'a reference').pk,
  }));
  const flowPks = new Set([
    ...flows.map((flow) => flow.pk),
    ...(own ? [] : seed.otherFlows),
    ...stages.flatMap((stage) => stage.configure_flow ?? []),
  ]);
  return { stages, flows, flowPks, bindings, references };
}

/** A stage as `release` sends it. */
export function serializeStage(data: Data, release: Release, stage: FakeStage): PasswordStage {
  const { background } = dialectOf(release);
  const flowSet = data.bindings
    .filter((binding) => binding.stage === stage.pk)
    .map((binding) => data.flows.find((flow) => flow.pk === binding.target)!)
    .map((flow) => ({
      pk: flow.pk,
      policybindingmodel_ptr_id: flow.policybindingmodel_ptr_id,
      name: flow.name,
      slug: flow.slug,
      title: flow.title,
      designation: flow.designation,
      [background]: flow.background,
      policy_engine_mode: flow.policy_engine_mode,
      compatibility_mode: flow.compatibility_mode,
      export_url: `/api/v3/flows/instances/${flow.slug}/export/`,
      layout: flow.layout,
      denied_action: flow.denied_action,
    }));
  const { pk, name, ...fields } = stage;
  return { pk, name, ...seed.model, flow_set: flowSet as FlowSet[], ...fields };
}

/** What refers to a stage as `release` lists it: the flows binding it, then any other references. */
export function usedBy(data: Data, release: Release, stage: FakeStage): UsedBy[] {
  const bindings = data.bindings
    .filter((binding) => binding.stage === stage.pk)
    .map((binding): UsedBy => {
      const flow = data.flows.find((candidate) => candidate.pk === binding.target)!;
      return {
        app: 'authentik_flows',
        model_name: 'flowstagebinding',
        pk: binding.pk,
        name: `Flow ${flow.slug} > Stage ${stage.name}`,
        action: 'cascade',
      };
    });
  const others = data.references
    .filter((reference) => reference.stage === stage.pk)
    .map(({ app, model_name, pk, name, action }): UsedBy => ({
      app,
      model_name,
      pk,
      name,
      action: action === 'left_dangling' && !dialectOf(release).leftDangling ? 'cascade' : (action as UsedByActionEnum),
    }));
  return [...bindings, ...others];
}
