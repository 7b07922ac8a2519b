// The contracts a provider implements, modelled on terraform-plugin-framework: a provider (config schema,
// configure -> context, resources) and, per resource type, a schema beside explicit CRUD/import/upgrade methods.
// Nothing here knows any particular API: the protocol server drives these through tfplugin6.
import type { AttributePath, Diagnostic } from "./diagnostics";
import type { Logger } from "./logger";
import type { Attributes, Model, Schema } from "./schema";

export interface CallContext<Ctx> {
  /** What configure() returned. */
  provider: Ctx;
  /**
   * Aborted when Terraform sends StopProvider (Ctrl-C), when the call is cancelled, and on SIGTERM or Terraform going
   * away (the process then waits a short grace period for the call): pass it to HTTP calls.
   */
  signal: AbortSignal;
  log: Logger;
}

/**
 * A state returned together with the provider's private state for the object: opaque bytes Terraform stores beside
 * the state (never shown to the user) and hands back on the next plan, apply and read. Returning a bare state keeps
 * the private state Terraform sent.
 */
export class WithPrivate<T> {
  constructor(
    readonly state: T,
    readonly privateState: Buffer,
  ) {}
}

export function withPrivate<T>(state: T, privateState: Buffer): WithPrivate<T> {
  return new WithPrivate(state, privateState);
}

/** A result, optionally with private state. */
export type MaybePrivate<T> = T | WithPrivate<T>;

export interface PlanRequest<A extends Attributes> {
  /** null on create. */
  prior: Model<A> | null;
  /** Terraform's proposal: config merged with prior state for computed attributes. */
  proposed: Model<A>;
  /**
   * The proposal planned by the schema's declarations (defaults; computed attributes unknown on create, kept or
   * unknown on update per `onUpdate`): the starting point of a plan(). When plan() reports requiresReplace paths,
   * the layer plans the computed attributes again as for a new object.
   */
  planned: Model<A>;
  config: Model<A>;
  priorPrivate: Buffer;
}

export interface PlanResult<A extends Attributes> {
  planned: Model<A>;
  requiresReplace?: AttributePath[];
  diagnostics?: Diagnostic[];
  plannedPrivate?: Buffer;
}

export interface ResourceDefinition<A extends Attributes = Attributes, Ctx = unknown> {
  /** Full resource type name, e.g. "example_file" (provider type name + "_" + suffix). */
  readonly typeName: string;
  readonly schema: Schema<A>;
  /** Runs before configure (no provider context); config values may be unknown. */
  validate?(request: { config: Model<A> }): Diagnostic[] | void | Promise<Diagnostic[] | void>;
  /** Optional: defaultPlan() is used when absent (and can be called from here). */
  plan?(request: PlanRequest<A>, context: CallContext<Ctx>): PlanResult<A> | Promise<PlanResult<A>>;
  /**
   * planned has no write-only values: read them from config. Returns the new state (no unknowns).
   * plannedPrivate is the private state plan() returned (empty when none).
   */
  create(
    request: { planned: Model<A>; config: Model<A>; plannedPrivate: Buffer },
    context: CallContext<Ctx>,
  ): MaybePrivate<Model<A>> | Promise<MaybePrivate<Model<A>>>;
  update(
    request: { planned: Model<A>; prior: Model<A>; config: Model<A>; plannedPrivate: Buffer },
    context: CallContext<Ctx>,
  ): MaybePrivate<Model<A>> | Promise<MaybePrivate<Model<A>>>;
  /** null when the object is gone (Terraform then plans to create it again). */
  read(
    request: { state: Model<A>; privateState: Buffer },
    context: CallContext<Ctx>,
  ): MaybePrivate<Model<A>> | null | Promise<MaybePrivate<Model<A>> | null>;
  delete(request: { state: Model<A> }, context: CallContext<Ctx>): void | Promise<void>;
  /** Attributes left out are null; Terraform calls read() on the result next. */
  importState?(
    request: { id: string },
    context: CallContext<Ctx>,
  ):
    | MaybePrivate<Partial<Model<A>>>
    | MaybePrivate<Partial<Model<A>>>[]
    | Promise<MaybePrivate<Partial<Model<A>>> | MaybePrivate<Partial<Model<A>>>[]>;
  /** rawState is the stored JSON state, parsed; version the schema version it was written with. */
  upgradeState?(request: { rawState: unknown; version: number }): Model<A> | Promise<Model<A>>;
}

export interface ProviderDefinition<PA extends Attributes = Attributes, Ctx = unknown> {
  /** The provider's type name, e.g. "example" for registry address example.com/ns/example. */
  readonly typeName: string;
  readonly schema: Schema<PA>;
  validate?(request: { config: Model<PA> }): Diagnostic[] | void | Promise<Diagnostic[] | void>;
  configure(request: { config: Model<PA>; terraformVersion: string }): Ctx | Promise<Ctx>;
  readonly resources: readonly ResourceDefinition<Attributes, Ctx>[];
  readonly dataSources?: readonly DataSourceDefinition<Attributes, Ctx>[];
  /** Called on StopProvider, after the abort signal fired. */
  stop?(): void | Promise<void>;
}

/** A data source (terraform-plugin-framework's datasource.DataSource): read from its configuration, no state kept. */
export interface DataSourceDefinition<A extends Attributes = Attributes, Ctx = unknown> {
  /** Full data source type name, e.g. "example_file". */
  readonly typeName: string;
  readonly schema: Schema<A>;
  /** Runs before configure (no provider context); config values may be unknown. */
  validate?(request: { config: Model<A> }): Diagnostic[] | void | Promise<Diagnostic[] | void>;
  /** config is fully known. Returns every attribute (computed ones filled in), no unknowns. */
  read(request: { config: Model<A> }, context: CallContext<Ctx>): Model<A> | Promise<Model<A>>;
}

/** Identity helpers that keep the attribute types inferred and erase them for the provider's list. */
export function defineResource<A extends Attributes, Ctx>(
  resource: ResourceDefinition<A, Ctx>,
): ResourceDefinition<Attributes, Ctx> {
  return resource as unknown as ResourceDefinition<Attributes, Ctx>;
}

export function defineProvider<PA extends Attributes, Ctx>(
  provider: ProviderDefinition<PA, Ctx>,
): ProviderDefinition<Attributes, Ctx> {
  return provider as unknown as ProviderDefinition<Attributes, Ctx>;
}

export function defineDataSource<A extends Attributes, Ctx>(
  dataSource: DataSourceDefinition<A, Ctx>,
): DataSourceDefinition<Attributes, Ctx> {
  return dataSource as unknown as DataSourceDefinition<Attributes, Ctx>;
}
