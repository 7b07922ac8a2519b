// The managed-resource RPCs: validate, upgrade, read, plan, apply, import.
import { decodeJson, fromWire } from "../codec";
import { type Diagnostic, error, pathToProto } from "../diagnostics";
import { declaredPlan, defaultPlan } from "../plan";
import { collectSecrets } from "../redact";
import { type MaybePrivate, WithPrivate } from "../resource";
import type { Attributes, Model, Schema } from "../schema";
import { clearWriteOnly } from "../values";
import {
  type AnyResource,
  type Handler,
  type HandlerContext,
  type Request,
  type Row,
  asBuffer,
  diags,
} from "./context";

/** Splits a resource result into its state and the private state to send (the given fallback when none). */
function unwrap<T>(result: T | WithPrivate<T>, fallback: unknown): { state: T; privateState: unknown } {
  return result instanceof WithPrivate
    ? { state: result.state, privateState: result.privateState }
    : { state: result, privateState: fallback };
}

/** A returned state made final (its secrets noted, unknowns refused) and encoded, with the private state to send. */
function settle(
  ctx: HandlerContext,
  resource: AnyResource,
  returned: MaybePrivate<Model<Attributes>>,
  fallbackPrivate: unknown,
  operation: string,
  out: Diagnostic[],
  secrets: Set<string>,
): { encoded: { msgpack: Buffer }; privateState: unknown } | undefined {
  const { state, privateState } = unwrap(returned, fallbackPrivate);
  collectSecrets(resource.schema.attributes, state as Row, secrets);
  const final = ctx.finalState(resource.schema, state as Row, operation, out);
  return final ? { encoded: ctx.encode(resource.schema, final), privateState } : undefined;
}

/** A write-only value from a Terraform that cannot keep it out of plan and state is an error on its path. */
function writeOnlyDiagnostics(schema: Schema, config: Row, request: Request): Diagnostic[] {
  const capabilities = request.client_capabilities as { write_only_attributes_allowed?: boolean } | undefined;
  if (capabilities?.write_only_attributes_allowed) return [];
  return Object.entries(schema.attributes)
    .filter(([name, attribute]) => attribute.options.writeOnly && (config[name] ?? null) !== null)
    .map(([name]) =>
      error(
        "Write-only attribute not supported",
        "This Terraform does not support write-only attributes (1.11 or later needed).",
        [name],
      ),
    );
}

export function resourceHandlers(ctx: HandlerContext): Record<string, Handler> {
  return {
    async ValidateResourceConfig(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      await ctx.guarded("Validate resource configuration", secrets, out, async () => {
        const resource = ctx.resource(request.type_name);
        const config = ctx.decode(resource.schema, request.config) ?? {};
        collectSecrets(resource.schema.attributes, config, secrets);
        out.push(...writeOnlyDiagnostics(resource.schema, config, request));
        out.push(...((await resource.validate?.({ config: config as Model<Attributes> })) ?? []));
      });
      return { diagnostics: diags(out) };
    },

    async UpgradeResourceState(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      const upgraded = await ctx.guarded("Upgrade resource state", secrets, out, async () => {
        const resource = ctx.resource(request.type_name);
        const raw = request.raw_state as { json?: Uint8Array } | undefined;
        if (!raw?.json || raw.json.length === 0)
          throw new Error("only JSON state can be upgraded (legacy flatmap state is not supported)");
        const text = Buffer.from(raw.json).toString("utf8");
        const version = Number(request.version ?? 0);
        const type = ctx.type(resource.schema);
        const state = resource.upgradeState
          ? ((await resource.upgradeState({ rawState: JSON.parse(text), version })) as Row)
          : (decodeJson(type, text) as Row);
        collectSecrets(resource.schema.attributes, state, secrets);
        return ctx.encode(
          resource.schema,
          clearWriteOnly(resource.schema.attributes, fromWire(type, state, []) as Row),
        );
      });
      return { upgraded_state: upgraded, diagnostics: diags(out) };
    },

    async ReadResource(request, call) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      let privateState: unknown = request.private;
      const newState = await ctx.guarded("Read", secrets, out, async () => {
        const resource = ctx.resource(request.type_name);
        const state = ctx.decode(resource.schema, request.current_state);
        collectSecrets(resource.schema.attributes, state, secrets);
        if (state === null) return ctx.encode(resource.schema, null);
        const returned = await resource.read(
          { state: state as Model<Attributes>, privateState: asBuffer(request.private) },
          ctx.call(call),
        );
        if (returned === null) return ctx.encode(resource.schema, null);
        const settled = settle(ctx, resource, returned, request.private, "Read", out, secrets);
        if (settled) privateState = settled.privateState;
        return settled?.encoded;
      });
      return { new_state: newState ?? request.current_state, private: privateState, diagnostics: diags(out) };
    },

    async PlanResourceChange(request, call) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      const result = await ctx.guarded("Plan", secrets, out, async () => {
        const resource = ctx.resource(request.type_name);
        const { attributes } = resource.schema;
        const prior = ctx.decode(resource.schema, request.prior_state);
        const proposed = ctx.decode(resource.schema, request.proposed_new_state);
        const config = ctx.decode(resource.schema, request.config) ?? {};
        for (const v of [prior, proposed, config]) collectSecrets(attributes, v, secrets);
        if (proposed === null) {
          return { planned_state: ctx.encode(resource.schema, null), planned_private: request.prior_private };
        }
        const planRequest = {
          prior: prior as Model<Attributes> | null,
          proposed: proposed as Model<Attributes>,
          planned: declaredPlan(attributes, prior, proposed, config) as Model<Attributes>,
          config: config as Model<Attributes>,
          priorPrivate: asBuffer(request.prior_private),
        };
        const plan = resource.plan
          ? await resource.plan(planRequest, ctx.call(call))
          : defaultPlan(resource.schema, planRequest);
        out.push(...(plan.diagnostics ?? []));
        const requiresReplace = plan.requiresReplace ?? [];
        // A replacement is a new object: its computed attributes are planned as on create.
        const planned =
          requiresReplace.length > 0
            ? declaredPlan(attributes, null, plan.planned as Row, config)
            : clearWriteOnly(attributes, plan.planned as Row);
        return {
          planned_state: ctx.encode(resource.schema, planned),
          requires_replace: requiresReplace.map(pathToProto),
          planned_private: plan.plannedPrivate ?? request.prior_private,
        };
      });
      return { ...(result ?? {}), diagnostics: diags(out) };
    },

    async ApplyResourceChange(request, call) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      let privateState: unknown = request.planned_private;
      const newState = await ctx.guarded("Apply", secrets, out, async () => {
        const resource = ctx.resource(request.type_name);
        const prior = ctx.decode(resource.schema, request.prior_state);
        const planned = ctx.decode(resource.schema, request.planned_state);
        const config = ctx.decode(resource.schema, request.config);
        for (const v of [prior, planned, config]) collectSecrets(resource.schema.attributes, v, secrets);
        if (planned === null) {
          if (prior !== null) await resource.delete({ state: prior as Model<Attributes> }, ctx.call(call));
          return ctx.encode(resource.schema, null);
        }
        const common = {
          planned: planned as Model<Attributes>,
          config: (config ?? {}) as Model<Attributes>,
          plannedPrivate: asBuffer(request.planned_private),
        };
        const returned =
          prior === null
            ? await resource.create(common, ctx.call(call))
            : await resource.update({ ...common, prior: prior as Model<Attributes> }, ctx.call(call));
        const operation = prior === null ? "Create" : "Update";
        const settled = settle(ctx, resource, returned, request.planned_private, operation, out, secrets);
        if (settled) privateState = settled.privateState;
        return settled?.encoded;
      });
      // On failure Terraform keeps the prior state (an object that may exist is not forgotten).
      return { new_state: newState ?? request.prior_state, private: privateState, diagnostics: diags(out) };
    },

    async ImportResourceState(request, call) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      const imported = await ctx.guarded("Import", secrets, out, async () => {
        const resource = ctx.resource(request.type_name);
        if (!resource.importState) throw new Error(`${resource.typeName} does not support import`);
        const result = await resource.importState({ id: String(request.id ?? "") }, ctx.call(call));
        return (Array.isArray(result) ? result : [result]).map((item) => {
          const { state, privateState } = unwrap(item, Buffer.alloc(0));
          return {
            type_name: resource.typeName,
            state: ctx.encode(resource.schema, clearWriteOnly(resource.schema.attributes, state as Row)),
            private: privateState,
          };
        });
      });
      return { imported_resources: imported ?? [], diagnostics: diags(out) };
    },
  };
}
