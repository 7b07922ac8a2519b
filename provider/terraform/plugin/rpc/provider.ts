// The provider-level RPCs: metadata, schemas, the provider block, StopProvider.
import type { Diagnostic } from "../diagnostics";
import { collectSecrets } from "../redact";
import type { Attributes, Model } from "../schema";
import { schemaToProto } from "../schema-proto";
import { type Handler, type HandlerContext, diags } from "./context";

// The schema is fixed at build time, so Terraform may reuse it instead of asking each of its provider starts again.
const CAPABILITIES = { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false };

export function providerHandlers(ctx: HandlerContext): Record<string, Handler> {
  const { provider } = ctx;
  return {
    async GetMetadata() {
      return {
        server_capabilities: CAPABILITIES,
        resources: [...ctx.resources.keys()].map((type_name) => ({ type_name })),
        data_sources: [...ctx.dataSources.keys()].map((type_name) => ({ type_name })),
      };
    },

    async GetProviderSchema() {
      const schemas = <T extends { schema: Parameters<typeof schemaToProto>[0] }>(items: Map<string, T>) =>
        Object.fromEntries([...items].map(([name, item]) => [name, schemaToProto(item.schema)]));
      return {
        provider: schemaToProto(provider.schema),
        resource_schemas: schemas(ctx.resources),
        data_source_schemas: schemas(ctx.dataSources),
        server_capabilities: CAPABILITIES,
      };
    },

    async ValidateProviderConfig(request) {
      const out: Diagnostic[] = [];
      const config = ctx.decode(provider.schema, request.config) ?? {};
      const secrets = collectSecrets(provider.schema.attributes, config);
      await ctx.guarded("Validate provider configuration", secrets, out, async () => {
        out.push(...((await provider.validate?.({ config: config as Model<Attributes> })) ?? []));
      });
      return { diagnostics: diags(out) };
    },

    async ConfigureProvider(request) {
      const out: Diagnostic[] = [];
      const config = ctx.decode(provider.schema, request.config) ?? {};
      const secrets = collectSecrets(provider.schema.attributes, config);
      await ctx.guarded("Configure provider", secrets, out, async () => {
        const value = await provider.configure({
          config: config as Model<Attributes>,
          terraformVersion: String(request.terraform_version ?? ""),
        });
        ctx.configured = { value };
      });
      return { diagnostics: diags(out) };
    },

    // Cancels what is in flight (their signal fires) and answers at once, as terraform-plugin-go does: Terraform
    // then waits for those calls to return.
    async StopProvider() {
      ctx.cancelAll(new Error("Terraform asked the provider to stop"));
      try {
        await provider.stop?.();
        return { Error: "" };
      } catch (err) {
        return { Error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
