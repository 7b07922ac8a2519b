/**
 * Runs the example Pulumi program (examples/pulumi) under Pulumi's mocks and returns the resources it declares with
 * their resolved inputs, as the engine would receive them. The demo walks them through the provider host; tests run
 * them through the policy pack.
 */
import type { Props } from "./pulumi-host";

export const EXAMPLE_PROJECT = "infisical-auth0-example";

// The marker Pulumi's RPC layer uses for secret values.
const SECRET_KEY = "4dabf18193072939515e22adb298388d";

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (SECRET_KEY in obj) return unwrapSecrets(obj.value);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

export interface DeclaredResource {
  type: string;
  name: string;
  inputs: Props;
}

/** `config` is the stack config (`ns:key` → value), as `PULUMI_CONFIG` carries it to a program. */
export async function exampleProgramResources(
  config: Record<string, string>,
  stack: string,
): Promise<DeclaredResource[]> {
  process.env.PULUMI_CONFIG = JSON.stringify(config);
  const pulumi = await import("@pulumi/pulumi");
  const declared: DeclaredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        declared.push({ type: args.type, name: args.name, inputs: unwrapSecrets(args.inputs) as Props });
        return { id: `${args.name}-preview`, state: args.inputs };
      },
      call: () => ({}),
    },
    EXAMPLE_PROJECT,
    stack,
    false,
  );
  const program = await import("../../examples/pulumi/index");
  // Wait for the program's outputs, i.e. for every registration to reach the mocks.
  await new Promise((resolve) => pulumi.all(Object.values(program)).apply(resolve));
  return declared;
}
