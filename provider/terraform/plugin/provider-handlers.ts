// tfplugin6.Provider: each RPC decoded, handed to the ProviderDefinition / ResourceDefinition, encoded back.
// Every call returns a response: thrown errors become error diagnostics (secrets redacted), never a crash.
import { decodeDynamicValue, decodeJson, encodeDynamicValue, fromWire, type DynamicValue } from "./codec";
import { type Diagnostic, diagnosticToProto, diagnosticsFromError, error, pathToProto } from "./diagnostics";
import type { Logger } from "./logger";
import { defaultPlan } from "./plan";
import { collectSecrets, redactDiagnostics } from "./redact";
import { type CallContext, type ProviderDefinition, type ResourceDefinition, WithPrivate } from "./resource";
import { type Model, type Attributes, schemaType } from "./schema";
import { schemaToProto } from "./schema-proto";
import type { TfValue } from "./types";
import { clearWriteOnly, containsUnknown } from "./values";

type Req = Record<string, unknown> & { type_name?: string };
type Resp = Record<string, unknown>;
type AnyResource = ResourceDefinition<Attributes, unknown>;
type Row = Record<string, TfValue>;

export type ProviderHandlers = Record<string, (request: Req) => Promise<Resp>>;

/** Splits a resource result into its state and the private state to send (the given fallback when none). */
function unwrap<T>(result: T | WithPrivate<T>, fallback: unknown): { state: T; privateState: unknown } {
  return result instanceof WithPrivate
    ? { state: result.state, privateState: result.privateState }
    : { state: result, privateState: fallback };
}

const asBuffer = (value: unknown): Buffer => (Buffer.isBuffer(value) ? value : Buffer.alloc(0));

// The schema is fixed at build time, so Terraform may reuse it instead of asking each of its provider starts again.
const CAPABILITIES = { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false };

export function createProviderHandlers(
  provider: ProviderDefinition<Attributes, unknown>,
  log: Logger,
): ProviderHandlers {
  const resources = new Map<string, AnyResource>(provider.resources.map((r) => [r.typeName, r]));
  const abort = new AbortController();
  let configured: { value: unknown } | undefined;

  const context = (): CallContext<unknown> => {
    if (!configured) throw new Error("the provider was used before ConfigureProvider");
    return { provider: configured.value, signal: abort.signal, log };
  };

  // Runs one step with its secrets known, turning throws into diagnostics and redacting every diagnostic.
  async function guarded<T>(
    operation: string,
    secrets: Set<string>,
    diagnostics: Diagnostic[],
    step: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await step();
    } catch (err) {
      log.log("error", `${operation} failed`, { error_type: err instanceof Error ? err.name : typeof err });
      diagnostics.push(...diagnosticsFromError(err, operation));
      return undefined;
    } finally {
      diagnostics.splice(0, diagnostics.length, ...redactDiagnostics(diagnostics, secrets));
    }
  }

  function lookup(typeName: string | undefined): AnyResource {
    const resource = resources.get(typeName ?? "");
    if (!resource) throw new Error(`unknown resource type ${JSON.stringify(typeName)}`);
    return resource;
  }

  const decode = (resource: AnyResource, value: unknown): Row | null =>
    decodeDynamicValue(schemaType(resource.schema), value as DynamicValue) as Row | null;
  const encode = (resource: AnyResource, value: Row | null) => encodeDynamicValue(schemaType(resource.schema), value);
  const diags = (list: Diagnostic[]) => list.map(diagnosticToProto);

  // New state as Terraform requires it: every attribute, write-only ones null, nothing unknown.
  function finalState(resource: AnyResource, state: Row, operation: string, out: Diagnostic[]): Row | undefined {
    const normalized = clearWriteOnly(
      resource.schema.attributes,
      fromWire(schemaType(resource.schema), state, []) as Row,
    );
    if (containsUnknown(normalized)) {
      out.push(error(`${operation} returned an unknown value`, "A provider must return known values after apply."));
      return undefined;
    }
    return normalized;
  }

  return {
    async GetMetadata() {
      return {
        server_capabilities: CAPABILITIES,
        resources: [...resources.keys()].map((type_name) => ({ type_name })),
      };
    },

    async GetProviderSchema() {
      const resource_schemas: Record<string, unknown> = {};
      for (const [name, resource] of resources) resource_schemas[name] = schemaToProto(resource.schema);
      return { provider: schemaToProto(provider.schema), resource_schemas, server_capabilities: CAPABILITIES };
    },

    async ValidateProviderConfig(request) {
      const out: Diagnostic[] = [];
      const type = schemaType(provider.schema);
      const config = decodeDynamicValue(type, request.config as DynamicValue) as Row;
      const secrets = collectSecrets(provider.schema.attributes, config);
      await guarded("Validate provider configuration", secrets, out, async () => {
        out.push(...((await provider.validate?.({ config: config as Model<Attributes> })) ?? []));
      });
      return { diagnostics: diags(out) };
    },

    async ValidateResourceConfig(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      await guarded("Validate resource configuration", secrets, out, async () => {
        const resource = lookup(request.type_name);
        const config = decode(resource, request.config) ?? {};
        collectSecrets(resource.schema.attributes, config, secrets);
        const capabilities = request.client_capabilities as { write_only_attributes_allowed?: boolean } | undefined;
        if (!capabilities?.write_only_attributes_allowed) {
          for (const [name, attribute] of Object.entries(resource.schema.attributes)) {
            if (attribute.options.writeOnly && (config[name] ?? null) !== null) {
              out.push(
                error(
                  "Write-only attribute not supported",
                  "This Terraform does not support write-only attributes (1.11 or later needed).",
                  [name],
                ),
              );
            }
          }
        }
        out.push(...((await resource.validate?.({ config: config as Model<Attributes> })) ?? []));
      });
      return { diagnostics: diags(out) };
    },

    async ConfigureProvider(request) {
      const out: Diagnostic[] = [];
      const config = decodeDynamicValue(schemaType(provider.schema), request.config as DynamicValue) as Row;
      const secrets = collectSecrets(provider.schema.attributes, config);
      await guarded("Configure provider", secrets, out, async () => {
        const value = await provider.configure({
          config: config as Model<Attributes>,
          terraformVersion: String(request.terraform_version ?? ""),
        });
        configured = { value };
      });
      return { diagnostics: diags(out) };
    },

    async UpgradeResourceState(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      const upgraded = await guarded("Upgrade resource state", secrets, out, async () => {
        const resource = lookup(request.type_name);
        const raw = request.raw_state as { json?: Buffer } | undefined;
        if (!raw?.json || raw.json.length === 0)
          throw new Error("only JSON state can be upgraded (legacy flatmap state is not supported)");
        const text = raw.json.toString("utf8");
        const version = Number(request.version ?? 0);
        const state = resource.upgradeState
          ? ((await resource.upgradeState({ rawState: JSON.parse(text), version })) as Row)
          : (decodeJson(schemaType(resource.schema), text) as Row);
        collectSecrets(resource.schema.attributes, state, secrets);
        return encode(
          resource,
          clearWriteOnly(resource.schema.attributes, fromWire(schemaType(resource.schema), state, []) as Row),
        );
      });
      return { upgraded_state: upgraded, diagnostics: diags(out) };
    },

    async ReadResource(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      let privateState: unknown = request.private;
      const newState = await guarded("Read", secrets, out, async () => {
        const resource = lookup(request.type_name);
        const state = decode(resource, request.current_state);
        collectSecrets(resource.schema.attributes, state, secrets);
        if (state === null) return encode(resource, null);
        const returned = await resource.read(
          { state: state as Model<Attributes>, privateState: asBuffer(request.private) },
          context(),
        );
        if (returned === null) return encode(resource, null);
        const { state: result, privateState: nextPrivate } = unwrap(returned, request.private);
        collectSecrets(resource.schema.attributes, result as Row, secrets);
        const final = finalState(resource, result as Row, "Read", out);
        if (final) privateState = nextPrivate;
        return final ? encode(resource, final) : undefined;
      });
      return { new_state: newState ?? request.current_state, private: privateState, diagnostics: diags(out) };
    },

    async PlanResourceChange(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      const result = await guarded("Plan", secrets, out, async () => {
        const resource = lookup(request.type_name);
        const prior = decode(resource, request.prior_state);
        const proposed = decode(resource, request.proposed_new_state);
        const config = decode(resource, request.config);
        for (const v of [prior, proposed, config]) collectSecrets(resource.schema.attributes, v, secrets);
        if (proposed === null) return { planned_state: encode(resource, null), planned_private: request.prior_private };
        const planRequest = {
          prior: prior as Model<Attributes> | null,
          proposed: proposed as Model<Attributes>,
          config: (config ?? {}) as Model<Attributes>,
          priorPrivate: (request.prior_private as Buffer | undefined) ?? Buffer.alloc(0),
        };
        const plan = resource.plan
          ? await resource.plan(planRequest, context())
          : defaultPlan(resource.schema, planRequest);
        out.push(...(plan.diagnostics ?? []));
        const planned = clearWriteOnly(resource.schema.attributes, plan.planned as Row);
        return {
          planned_state: encode(resource, planned),
          requires_replace: (plan.requiresReplace ?? []).map(pathToProto),
          planned_private: plan.plannedPrivate ?? request.prior_private,
        };
      });
      return { ...(result ?? {}), diagnostics: diags(out) };
    },

    async ApplyResourceChange(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      let privateState: unknown = request.planned_private;
      const newState = await guarded("Apply", secrets, out, async () => {
        const resource = lookup(request.type_name);
        const prior = decode(resource, request.prior_state);
        const planned = decode(resource, request.planned_state);
        const config = decode(resource, request.config);
        for (const v of [prior, planned, config]) collectSecrets(resource.schema.attributes, v, secrets);
        if (planned === null) {
          if (prior !== null) await resource.delete({ state: prior as Model<Attributes> }, context());
          return encode(resource, null);
        }
        const common = {
          planned: planned as Model<Attributes>,
          config: (config ?? {}) as Model<Attributes>,
          plannedPrivate: asBuffer(request.planned_private),
        };
        const returned =
          prior === null
            ? await resource.create(common, context())
            : await resource.update({ ...common, prior: prior as Model<Attributes> }, context());
        const { state, privateState: nextPrivate } = unwrap(returned, request.planned_private);
        collectSecrets(resource.schema.attributes, state as Row, secrets);
        const final = finalState(resource, state as Row, prior === null ? "Create" : "Update", out);
        if (final) privateState = nextPrivate;
        return final ? encode(resource, final) : undefined;
      });
      // On failure Terraform keeps the prior state (an object that may exist is not forgotten).
      return { new_state: newState ?? request.prior_state, private: privateState, diagnostics: diags(out) };
    },

    async ImportResourceState(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      const imported = await guarded("Import", secrets, out, async () => {
        const resource = lookup(request.type_name);
        if (!resource.importState) throw new Error(`${resource.typeName} does not support import`);
        const result = await resource.importState({ id: String(request.id ?? "") }, context());
        return (Array.isArray(result) ? result : [result]).map((item) => {
          const { state, privateState } = unwrap(item, Buffer.alloc(0));
          return {
            type_name: resource.typeName,
            state: encode(resource, clearWriteOnly(resource.schema.attributes, state as Row)),
            private: privateState,
          };
        });
      });
      return { imported_resources: imported ?? [], diagnostics: diags(out) };
    },

    async StopProvider() {
      abort.abort(new Error("Terraform asked the provider to stop"));
      try {
        await provider.stop?.();
        return { Error: "" };
      } catch (err) {
        return { Error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
