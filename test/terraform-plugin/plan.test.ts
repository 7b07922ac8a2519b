// Planning from the schema's declarations (defaults, computed-on-create, onUpdate), as the framework's plan modifiers.
import { describe, expect, it } from "vitest";
import { declaredPlan, defaultPlan } from "../../provider/terraform/plugin/plan";
import { attr, defineSchema } from "../../provider/terraform/plugin/schema";
import { schemaToProto, MARKDOWN, PLAIN } from "../../provider/terraform/plugin/schema-proto";
import type { TfValue } from "../../provider/terraform/plugin/types";
import { isUnknown } from "../../provider/terraform/plugin/unknown";

const schema = defineSchema({
  version: 0,
  attributes: {
    id: attr.string({ computed: true }),
    name: attr.string({ required: true, requiresReplace: true }),
    mode: attr.string({ optional: true, computed: true, default: "fast" }),
    updated_at: attr.string({ computed: true, onUpdate: "unknown" }),
    token_wo: attr.string({ optional: true, writeOnly: true }),
  },
});
type Row = Record<string, TfValue>;
const prior: Row = { id: "i-1", name: "a", mode: "slow", updated_at: "t1", token_wo: null };

describe("declared plan", () => {
  it("on create: computed attributes unknown, defaults applied, write-only values cleared", () => {
    const config: Row = { id: null, name: "a", mode: null, updated_at: null, token_wo: "secret" };
    const planned = declaredPlan(schema.attributes, null, { ...config }, config);
    expect(isUnknown(planned.id)).toBe(true);
    expect(isUnknown(planned.updated_at)).toBe(true);
    expect(planned.mode).toBe("fast");
    expect(planned.token_wo).toBeNull();
  });

  it("on update: keeps prior values (UseStateForUnknown) unless the attribute is declared unknown on change", () => {
    const config: Row = { id: null, name: "a", mode: "slow", updated_at: null, token_wo: null };
    const unchanged = declaredPlan(schema.attributes, prior, { ...prior }, config);
    expect(unchanged).toEqual(prior);
    const changedConfig = { ...config, mode: "medium" };
    const changed = declaredPlan(schema.attributes, prior, { ...prior, mode: "medium" }, changedConfig);
    expect(changed.id).toBe("i-1");
    expect(isUnknown(changed.updated_at)).toBe(true);
    expect(changed.mode).toBe("medium");
  });

  it("a configuration that removes a defaulted value plans the default again", () => {
    const config: Row = { id: null, name: "a", mode: null, updated_at: null, token_wo: null };
    const planned = declaredPlan(schema.attributes, prior, { ...prior }, config);
    expect(planned.mode).toBe("fast");
    expect(isUnknown(planned.updated_at)).toBe(true); // mode changed: slow -> fast
  });

  it("the default planner reports requires-replace paths from the schema flag", () => {
    const planned = { ...prior, name: "b" };
    const result = defaultPlan(schema, {
      prior: prior as never,
      proposed: planned as never,
      planned: planned as never,
      config: planned as never,
      priorPrivate: Buffer.alloc(0),
    });
    expect(result.requiresReplace).toEqual([["name"]]);
  });

  it("refuses a default on an attribute that is not optional and computed, and onUpdate on one not computed", () => {
    expect(() => attr.string({ optional: true, default: "x" })).toThrow(/optional and computed/);
    expect(() => attr.string({ optional: true, onUpdate: "unknown" })).toThrow(/computed/);
  });

  it("sends a Markdown description with description_kind MARKDOWN, a plain one with PLAIN", () => {
    const proto = schemaToProto(
      defineSchema({
        version: 0,
        markdownDescription: "A **thing**.",
        attributes: {
          a: attr.string({ optional: true, markdownDescription: "`a`" }),
          b: attr.string({ optional: true, description: "b" }),
        },
      }),
    );
    expect(proto.block).toMatchObject({ description: "A **thing**.", description_kind: MARKDOWN });
    expect(proto.block.attributes[0]).toMatchObject({ description: "`a`", description_kind: MARKDOWN });
    expect(proto.block.attributes[1]).toMatchObject({ description: "b", description_kind: PLAIN });
  });
});
