// What every tfplugin6.Provider handler shares: the definitions by type name, the configured provider, the
// StopProvider signal, and the step runner that turns throws into redacted diagnostics.
import { decodeDynamicValue, encodeDynamicValue, fromWire, type DynamicValue } from "../codec";
import { type Diagnostic, diagnosticToProto, diagnosticsFromError, error } from "../diagnostics";
import type { Cancellation } from "../grpc";
import type { Logger } from "../logger";
import { redactDiagnostics } from "../redact";
import type { CallContext, DataSourceDefinition, ProviderDefinition, ResourceDefinition } from "../resource";
import { type Attributes, type Schema, schemaType } from "../schema";
import type { TfType, TfValue } from "../types";
import { clearWriteOnly, containsUnknown } from "../values";

export type Request = Record<string, unknown> & { type_name?: string };
export type Response = Record<string, unknown>;
export type Handler = (request: Request, call: Cancellation) => Promise<Response>;
export type Row = Record<string, TfValue>;
export type AnyResource = ResourceDefinition<Attributes, unknown>;
export type AnyDataSource = DataSourceDefinition<Attributes, unknown>;

export const asBuffer = (value: unknown): Buffer =>
  Buffer.isBuffer(value) ? value : value instanceof Uint8Array ? Buffer.from(value) : Buffer.alloc(0);

export const diags = (list: Diagnostic[]) => list.map(diagnosticToProto);

export class HandlerContext {
  readonly resources: Map<string, AnyResource>;
  readonly dataSources: Map<string, AnyDataSource>;
  configured: { value: unknown } | undefined;
  private readonly types = new WeakMap<Schema, TfType>();

  constructor(
    readonly provider: ProviderDefinition<Attributes, unknown>,
    readonly log: Logger,
    /** StopProvider: aborts the signal of every call in flight and of every later one. */
    readonly cancelAll: (reason: Error) => void,
  ) {
    this.resources = new Map(provider.resources.map((r) => [r.typeName, r]));
    this.dataSources = new Map((provider.dataSources ?? []).map((d) => [d.typeName, d]));
  }

  /**
   * The call context for resource code; the call's `signal` fires on StopProvider, cancellation and shutdown. It is
   * made when resource code first reads it (see Cancellation).
   */
  call(call: Cancellation): CallContext<unknown> {
    if (!this.configured) throw new Error("the provider was used before ConfigureProvider");
    return {
      provider: this.configured.value,
      log: this.log,
      get signal() {
        return call.signal;
      },
    };
  }

  resource(typeName: string | undefined): AnyResource {
    const resource = this.resources.get(typeName ?? "");
    if (!resource) throw new Error(`unknown resource type ${JSON.stringify(typeName)}`);
    return resource;
  }

  dataSource(typeName: string | undefined): AnyDataSource {
    const dataSource = this.dataSources.get(typeName ?? "");
    if (!dataSource) throw new Error(`unknown data source type ${JSON.stringify(typeName)}`);
    return dataSource;
  }

  /** The cty type of a schema, computed once. */
  type(schema: Schema): TfType {
    let type = this.types.get(schema);
    if (!type) this.types.set(schema, (type = schemaType(schema)));
    return type;
  }

  decode(schema: Schema, value: unknown): Row | null {
    return decodeDynamicValue(this.type(schema), value as DynamicValue) as Row | null;
  }

  encode(schema: Schema, value: Row | null): { msgpack: Buffer } {
    return encodeDynamicValue(this.type(schema), value);
  }

  /** New state as Terraform requires it: every attribute, write-only ones null, nothing unknown. */
  finalState(schema: Schema, state: Row, operation: string, out: Diagnostic[]): Row | undefined {
    const normalized = clearWriteOnly(schema.attributes, fromWire(this.type(schema), state, []) as Row);
    if (containsUnknown(normalized)) {
      out.push(error(`${operation} returned an unknown value`, "A provider must return known values after apply."));
      return undefined;
    }
    return normalized;
  }

  /** Runs one step with its secrets known, turning throws into diagnostics and redacting every diagnostic. */
  async guarded<T>(
    operation: string,
    secrets: Set<string>,
    diagnostics: Diagnostic[],
    step: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await step();
    } catch (err) {
      this.log.log("error", `${operation} failed`, { error_type: err instanceof Error ? err.name : typeof err });
      diagnostics.push(...diagnosticsFromError(err, operation));
      return undefined;
    } finally {
      diagnostics.splice(0, diagnostics.length, ...redactDiagnostics(diagnostics, secrets));
    }
  }
}
