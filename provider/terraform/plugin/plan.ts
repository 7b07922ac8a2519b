// Planning from the schema's declarations, as terraform-plugin-framework's defaults and plan modifiers do, and the
// planner used when a resource defines no plan() (that, plus RequiresReplace from the schema flag).
import type { AttributePath } from "./diagnostics";
import type { PlanRequest, PlanResult } from "./resource";
import type { Attributes, Model, Schema } from "./schema";
import type { TfValue } from "./types";
import { UNKNOWN } from "./unknown";
import { clearWriteOnly, valuesEqual } from "./values";

type Row = Record<string, TfValue>;

/** Whether a configurable (required or optional) attribute differs between the prior state and the plan. */
function changed(attributes: Attributes, prior: Row, planned: Row): boolean {
  return Object.entries(attributes).some(
    ([name, a]) => (a.options.required || a.options.optional) && !valuesEqual(prior[name], planned[name]),
  );
}

/**
 * Terraform's proposal planned by the declarations: write-only attributes null; an attribute the configuration leaves
 * null takes its `default`; a computed one with no default is unknown on create (prior null, which is also how
 * Terraform plans the new object of a replacement), and on update keeps the prior value unless declared
 * `onUpdate: "unknown"` and the object changes.
 */
export function declaredPlan(attributes: Attributes, prior: Row | null, proposed: Row, config: Row): Row {
  const planned = clearWriteOnly(attributes, proposed);
  const defaulted = (name: string) => (config[name] ?? null) === null;
  for (const [name, attribute] of Object.entries(attributes)) {
    const { default: fallback } = attribute.options;
    if (fallback !== undefined && defaulted(name)) planned[name] = fallback;
  }
  const isChanged = prior !== null && changed(attributes, prior, planned);
  for (const [name, attribute] of Object.entries(attributes)) {
    const { computed, default: fallback, onUpdate } = attribute.options;
    if (!computed || fallback !== undefined || !defaulted(name)) continue;
    if (prior === null || (isChanged && onUpdate === "unknown")) planned[name] = UNKNOWN;
  }
  return planned;
}

export function defaultPlan<A extends Attributes>(schema: Schema<A>, request: PlanRequest<A>): PlanResult<A> {
  const prior = request.prior as Row | null;
  const planned = request.planned as Row;
  const requiresReplace: AttributePath[] = [];
  if (prior !== null) {
    for (const [name, attribute] of Object.entries(schema.attributes)) {
      if (attribute.options.requiresReplace && !valuesEqual(prior[name], planned[name])) requiresReplace.push([name]);
    }
  }
  return { planned: planned as Model<A>, requiresReplace };
}
