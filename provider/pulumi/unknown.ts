/**
 * Pulumi's marker for a value not known yet, and its conversion to the core's `UNKNOWN` at this boundary. The
 * sentinel strings live here and nowhere else; the policy pack imports this small module (it loads nothing of the
 * resource or the runtime).
 */
import { UNKNOWN } from "../connection/model";

/** What the engine sends for every value not known during preview (pulumi/sdk/nodejs/runtime/rpc.ts `unknownValue`). */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// The SDK's other special values (secret, resource reference, asset, archive, output markers) also stand for a value
// the provider cannot use as it is; a policy or a check meets them only as "not known".
const PULUMI_SENTINELS = new Set([
  PULUMI_UNKNOWN,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isPulumiUnknown(value: unknown): boolean {
  return typeof value === "string" && PULUMI_SENTINELS.has(value);
}

/**
 * Pulumi values as the core's: the unknown sentinel becomes `UNKNOWN`. Only own keys are copied, each as an ordinary
 * data property (`Object.fromEntries`), so keys such as `__proto__`, `constructor` or `prototype` stay plain keys and
 * never reach an object's prototype.
 */
export function fromPulumi(value: unknown): unknown {
  if (value === PULUMI_UNKNOWN) return UNKNOWN;
  if (Array.isArray(value)) return value.map(fromPulumi);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromPulumi(v)]));
  }
  return value;
}

/** The core's `UNKNOWN` as Pulumi's sentinel. */
export function toPulumi(value: unknown): unknown {
  return value === UNKNOWN ? PULUMI_UNKNOWN : value;
}
