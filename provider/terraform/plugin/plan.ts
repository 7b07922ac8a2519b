// The planner used when a resource defines no plan(): what terraform-plugin-framework does by default plus
// UseStateForUnknown on every computed attribute and RequiresReplace from the schema flag.
import type { AttributePath } from "./diagnostics";
import type { PlanRequest, PlanResult } from "./resource";
import type { Attributes, Model, Schema } from "./schema";
import type { TfValue } from "./types";
import { UNKNOWN } from "./unknown";
import { clearWriteOnly, valuesEqual } from "./values";

export function defaultPlan<A extends Attributes>(schema: Schema<A>, request: PlanRequest<A>): PlanResult<A> {
  const { prior, proposed, config } = request;
  const proposedRecord = proposed as Record<string, TfValue>;
  const configRecord = config as Record<string, TfValue>;
  const planned = clearWriteOnly(schema.attributes, proposedRecord);
  const requiresReplace: AttributePath[] = [];
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    const configured = configRecord[name] ?? null;
    // On create a computed attribute the user did not set is "known after apply"; on update Terraform's proposal
    // already carries the prior value, which is kept (the object keeps its id).
    if (attribute.options.computed && configured === null && prior === null) planned[name] = UNKNOWN;
    if (prior !== null && attribute.options.requiresReplace) {
      if (!valuesEqual((prior as Record<string, TfValue>)[name], planned[name])) requiresReplace.push([name]);
    }
  }
  return { planned: planned as Model<A>, requiresReplace };
}
