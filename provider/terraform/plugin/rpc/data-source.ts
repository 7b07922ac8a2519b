// The data source RPCs: validate its configuration, read it.
import type { Diagnostic } from "../diagnostics";
import { collectSecrets } from "../redact";
import type { Attributes, Model } from "../schema";
import { type Handler, type HandlerContext, type Row, diags } from "./context";

export function dataSourceHandlers(ctx: HandlerContext): Record<string, Handler> {
  return {
    async ValidateDataResourceConfig(request) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      await ctx.guarded("Validate data source configuration", secrets, out, async () => {
        const dataSource = ctx.dataSource(request.type_name);
        const config = ctx.decode(dataSource.schema, request.config) ?? {};
        collectSecrets(dataSource.schema.attributes, config, secrets);
        out.push(...((await dataSource.validate?.({ config: config as Model<Attributes> })) ?? []));
      });
      return { diagnostics: diags(out) };
    },

    async ReadDataSource(request, call) {
      const out: Diagnostic[] = [];
      const secrets = new Set<string>();
      const state = await ctx.guarded("Read data source", secrets, out, async () => {
        const dataSource = ctx.dataSource(request.type_name);
        const config = ctx.decode(dataSource.schema, request.config) ?? {};
        collectSecrets(dataSource.schema.attributes, config, secrets);
        const result = await dataSource.read({ config: config as Model<Attributes> }, ctx.call(call));
        collectSecrets(dataSource.schema.attributes, result as Row, secrets);
        const final = ctx.finalState(dataSource.schema, result as Row, "Read data source", out);
        return final ? ctx.encode(dataSource.schema, final) : undefined;
      });
      return { state, diagnostics: diags(out) };
    },
  };
}
