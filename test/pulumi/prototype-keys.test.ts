/**
 * Keys named `__proto__`, `constructor` and `prototype` in Pulumi inputs are ordinary keys: they round-trip, and no
 * value is ever read through (or written to) an object's prototype. Checked on the runtime's own Check, with inputs
 * that really own a `__proto__` key (as JSON.parse builds them); provider-host.test.ts sends them through Pulumi's
 * real provider host.
 */
import { describe, expect, it } from "vitest";
import { check } from "../../provider/pulumi/runtime";
import type { Props } from "../../tools/pulumi-host";
import { CREDENTIALS, hostileInputs } from "./hostile-inputs";

describe("prototype keys in inputs", () => {
  it("round-trip as ordinary keys through Check, and nothing is read through a prototype", async () => {
    const inputs = hostileInputs();
    expect(Object.keys(inputs)).toContain("__proto__");
    const { inputs: checked, failures } = await check({}, inputs);
    expect(failures).toEqual([]);
    expect(Object.getPrototypeOf(checked)).toBe(Object.prototype);
    expect(Object.keys(checked)).toEqual(expect.arrayContaining(["__proto__", "constructor", "prototype"]));
    expect(Object.getOwnPropertyDescriptor(checked, "__proto__")?.value).toEqual({
      description: "from-proto",
      polluted: "yes",
    });
    expect(checked.constructor).toEqual({ x: 1 });
    expect(checked.prototype).toBe(2);
    const credentials = checked.credentials as Record<string, unknown>;
    expect(Object.getPrototypeOf(credentials)).toBe(Object.prototype);
    expect(Object.keys(credentials)).toEqual(expect.arrayContaining(["__proto__", "constructor"]));
    // The values under __proto__ never became inputs.
    expect(checked.description).toBeUndefined();
    expect(checked.projectId).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a value inherited through a prototype is never read as an input", async () => {
    const inherited = Object.create({ name: "from-prototype", description: "from-prototype" }) as Props;
    Object.assign(inherited, { credentials: CREDENTIALS });
    const { inputs, failures } = await check({}, inherited);
    expect((failures ?? []).map((f) => f.property)).toEqual(["name"]);
    expect(inputs.description).toBeUndefined();
  });
});
