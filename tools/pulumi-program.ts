/**
 * Runs the example Pulumi program (examples/pulumi) under Pulumi's mocks and returns the resources it declares with
 * their resolved inputs, as the engine would receive them, and what the program asks the engine to keep secret. The
 * demo walks them through the provider host; tests run them through the policy pack.
 */
import type { Props } from "./pulumi-host";

export const EXAMPLE_PROJECT = "infisical-auth0-example";

// The marker Pulumi's RPC layer uses for secret values.
const SECRET_KEY = "4dabf18193072939515e22adb298388d";

/** The value with Pulumi's secret wrappers removed; the path of each wrapped value is pushed to `paths`. */
function unwrapSecrets(value: unknown, paths: string[][] = [], at: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, paths, [...at, String(i)]));
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (SECRET_KEY in obj) {
      paths.push(at);
      return unwrapSecrets(obj.value, paths, at);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v, paths, [...at, k])]));
  }
  return value;
}

export interface DeclaredResource {
  type: string;
  name: string;
  inputs: Props;
  /** Paths (e.g. `["credentials", "clientSecret"]`) of the inputs the program marked secret. */
  secretInputs: string[][];
  /** The resource's `additionalSecretOutputs` option: outputs the engine must keep secret whatever the inputs. */
  additionalSecretOutputs: string[];
}

/** What the mock monitor receives for a registration (the generated RegisterResourceRequest's getters we read). */
interface RegisterRequest {
  getName(): string;
  getObject(): { toJavaScript(): unknown } | undefined;
  getAdditionalsecretoutputsList(): string[];
}

/** `config` is the stack config (`ns:key` → value), as `PULUMI_CONFIG` carries it to a program. */
export async function exampleProgramResources(
  config: Record<string, string>,
  stack: string,
): Promise<DeclaredResource[]> {
  process.env.PULUMI_CONFIG = JSON.stringify(config);
  const pulumi = await import("@pulumi/pulumi");
  const declared: DeclaredResource[] = [];
  const sent = new Map<string, Pick<DeclaredResource, "secretInputs" | "additionalSecretOutputs">>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = unwrapSecrets(args.inputs) as Props;
        const secrets = sent.get(args.name) ?? { secretInputs: [], additionalSecretOutputs: [] };
        declared.push({ type: args.type, name: args.name, inputs, ...secrets });
        return { id: `${args.name}-preview`, state: args.inputs };
      },
      call: () => ({}),
    },
    EXAMPLE_PROJECT,
    stack,
    false,
  );
  // What the engine would learn about secrets, read from the registration request the program sends, before the
  // mock answers it: the mocks hand `newResource` neither the resource's options (`additionalSecretOutputs`) nor the
  // exact secret paths (their deserializer marks a whole object secret when one of its fields is).
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, callback: unknown): void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const secretInputs: string[][] = [];
    unwrapSecrets(req.getObject()?.toJavaScript(), secretInputs);
    sent.set(req.getName(), { secretInputs, additionalSecretOutputs: req.getAdditionalsecretoutputsList() });
    register(req, callback);
  };
  const program = await import("../examples/pulumi/index");
  // Wait for the program's outputs, i.e. for every registration to reach the mocks.
  await new Promise((resolve) => pulumi.all(Object.values(program)).apply(resolve));
  return declared;
}
