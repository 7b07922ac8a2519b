// The generic Terraform plugin layer: define a provider and its resources, then serve(provider).
export { serve, type ServeOptions } from "./serve";
export {
  attr,
  defineSchema,
  type Attribute,
  type AttributeOptions,
  type Attributes,
  type Maybe,
  type Model,
  type Schema,
} from "./schema";
export {
  defineProvider,
  defineResource,
  defineDataSource,
  withPrivate,
  WithPrivate,
  type MaybePrivate,
  type CallContext,
  type PlanRequest,
  type PlanResult,
  type ProviderDefinition,
  type ResourceDefinition,
  type DataSourceDefinition,
} from "./resource";
export { declaredPlan, defaultPlan } from "./plan";
export {
  DiagnosticError,
  error,
  warning,
  key,
  type AttributePath,
  type Diagnostic,
  type PathStep,
} from "./diagnostics";
export { Unknown, UNKNOWN, isUnknown } from "./unknown";
export { types, type TfType, type TfValue } from "./types";
export type { Logger, Level } from "./logger";
