// The schema-driven msgpack/JSON codec of DynamicValue.
import { ExtData, decode, encode } from "@msgpack/msgpack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeDynamicValue, decodeJson, encodeDynamicValue } from "../../provider/terraform/plugin/codec";
import { attr, defineSchema, schemaType } from "../../provider/terraform/plugin/schema";
import { types, type TfType, type TfValue } from "../../provider/terraform/plugin/types";
import { Unknown, UNKNOWN, isUnknown } from "../../provider/terraform/plugin/unknown";

const schema = defineSchema({
  version: 0,
  attributes: {
    id: attr.string({ computed: true }),
    count: attr.number({ optional: true }),
    enabled: attr.bool({ optional: true }),
    names: attr.list(types.string, { optional: true }),
    ids: attr.set(types.number, { optional: true }),
    tags: attr.map(types.string, { optional: true }),
    point: attr.object({ x: types.number, y: types.number }, { optional: true }),
    settings: attr.single(
      {
        mode: attr.string({ optional: true }),
        deep: attr.single({ on: attr.bool({ optional: true }) }, { optional: true }),
      },
      { optional: true },
    ),
    rules: attr.listNested({ port: attr.number({ required: true }) }, { optional: true }),
  },
});
const type = schemaType(schema);
const roundTrip = (t: TfType, v: TfValue) => decodeDynamicValue(t, encodeDynamicValue(t, v));

describe("msgpack codec", () => {
  it("round-trips a full object with nested attributes, collections and nulls", () => {
    const value = {
      id: "abc",
      count: 3.5,
      enabled: false,
      names: ["a", "b"],
      ids: [1, 2],
      tags: { env: "prod", empty: "" },
      point: { x: 1, y: -2 },
      settings: { mode: "fast", deep: { on: true } },
      rules: [{ port: 443 }, { port: 80 }],
    };
    expect(roundTrip(type, value)).toEqual(value);
  });

  it("writes every attribute of an object, missing ones as nil", () => {
    const wire = decode(encodeDynamicValue(type, { id: "x" }).msgpack) as Record<string, unknown>;
    expect(Object.keys(wire).sort()).toEqual(Object.keys(schema.attributes).sort());
    expect(wire.count).toBeNull();
    expect(wire.settings).toBeNull();
  });

  it("encodes a null object as msgpack nil and decodes an empty DynamicValue as null", () => {
    expect([...encodeDynamicValue(type, null).msgpack]).toEqual([0xc0]);
    expect(decodeDynamicValue(type, {})).toBeNull();
    expect(decodeDynamicValue(type, null)).toBeNull();
  });

  it("encodes unknown as cty does: fixext1 type 0 (d4 00 00)", () => {
    expect([...encodeDynamicValue(types.string, UNKNOWN).msgpack]).toEqual([0xd4, 0x00, 0x00]);
  });

  it("decodes any msgpack extension as Unknown: plain 0, refined 12 and others, at any depth", () => {
    const refined = new ExtData(12, Uint8Array.of(0x81, 0x01, 0xc3));
    const bytes = encode({
      id: refined,
      count: new ExtData(0, Uint8Array.of(0)),
      names: [new ExtData(7, Uint8Array.of())],
      settings: { mode: new ExtData(12, Uint8Array.of(1)), deep: null },
    });
    const value = decodeDynamicValue(type, { msgpack: Buffer.from(bytes) }) as Record<string, TfValue>;
    expect(isUnknown(value.id)).toBe(true);
    expect((value.id as Unknown).extensionType).toBe(12);
    expect([...(value.id as Unknown).refinement]).toEqual([0x81, 0x01, 0xc3]);
    expect(isUnknown(value.count)).toBe(true);
    expect(isUnknown((value.names as TfValue[])[0])).toBe(true);
    expect(isUnknown((value.settings as Record<string, TfValue>).mode)).toBe(true);
    // and an unknown that came refined goes back as plain 0
    expect([...encodeDynamicValue(types.string, value.id ?? null).msgpack]).toEqual([0xd4, 0x00, 0x00]);
  });

  it("accepts numbers sent as strings, keeping integers beyond 2^53 exact as bigint", () => {
    const bytes = Buffer.from(encode({ count: "12345678901234567890" }));
    const value = decodeDynamicValue(type, { msgpack: bytes }) as Record<string, TfValue>;
    expect(value.count).toBe(12345678901234567890n);
    expect(decode(encodeDynamicValue(types.number, 12345678901234567890n).msgpack)).toBe("12345678901234567890");
    expect(decodeDynamicValue(types.number, { msgpack: Buffer.from(encode("1.5")) })).toBe(1.5);
  });

  it("rejects a value of the wrong kind with its path and without echoing the value", () => {
    expect(() => encodeDynamicValue(type, { rules: [{ port: "s3cr3t" }] })).toThrow(
      /expected a number, got a string at rules\.0\.port/,
    );
    expect(() => encodeDynamicValue(type, { rules: [{ port: "s3cr3t" }] })).not.toThrow(/s3cr3t/);
  });

  it("round-trips arbitrary values of a nested type (property)", () => {
    const leaf = fc.oneof(fc.constant(null), fc.constant(UNKNOWN), fc.string());
    const nestedType: TfType = types.map(types.object({ a: types.string, b: types.list(types.string) }));
    const arb = fc.dictionary(fc.string(), fc.record({ a: leaf, b: fc.oneof(fc.constant(null), fc.array(leaf)) }));
    fc.assert(
      fc.property(arb, (value) => {
        const back = roundTrip(nestedType, value as TfValue);
        expect(JSON.stringify(back)).toBe(JSON.stringify(value));
      }),
    );
  });
});

describe("map keys that name object internals", () => {
  const own = (entries: [string, TfValue][]) => {
    const object: Record<string, TfValue> = {};
    for (const [k, v] of entries)
      Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
    return object;
  };
  const nestedType: TfType = types.list(types.map(types.object({ a: types.string, b: types.string })));

  it("round-trips __proto__, constructor and prototype as ordinary keys (the case the property test found)", () => {
    const value = [own([["__proto__", { a: "", b: null }]])];
    const back = roundTrip(nestedType, value) as Record<string, TfValue>[];
    expect(Object.keys(back[0]!)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(back[0])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back[0], "__proto__")?.value).toEqual({ a: "", b: null });
    const tags = own([
      ["constructor", "c"],
      ["prototype", "p"],
      ["\u0000__proto__", "escaped"],
    ]);
    expect(roundTrip(types.map(types.string), tags)).toEqual(tags);
  });

  it("reads them from JSON state too", () => {
    const value = decodeJson(types.map(types.string), '{"__proto__":"x","constructor":"y"}') as Record<string, TfValue>;
    expect(Object.keys(value)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it("does not take an object attribute from the prototype", () => {
    const type = types.object({ constructor: types.string, toString: types.string });
    expect(decodeJson(type, "{}")).toEqual({ constructor: null, toString: null });
  });

  it("round-trips arbitrary keys, internal names included (property)", () => {
    const key = fc.oneof(
      fc.constantFrom("__proto__", "constructor", "prototype", "\u0000", "\u0000__proto__"),
      fc.string(),
    );
    const arb = fc.array(
      fc.uniqueArray(fc.tuple(key, fc.oneof(fc.constant(null), fc.string())), { selector: ([k]) => k }),
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const value = rows.map((entries) => own(entries.map(([k, v]) => [k, v === null ? null : { a: v, b: null }])));
        const back = roundTrip(nestedType, value) as Record<string, TfValue>[];
        expect(back.map((o) => Object.entries(o))).toEqual(value.map((o) => Object.entries(o)));
      }),
    );
  });
});

describe("JSON fallback", () => {
  it("decodes the JSON form (UpgradeResourceState), filling missing attributes with null and dropping unknown ones", () => {
    const value = decodeJson(
      type,
      JSON.stringify({ id: "x", count: 2, tags: { a: "b" }, rules: [{ port: 1 }], removed_attr: 1 }),
    ) as Record<string, TfValue>;
    expect(value).toMatchObject({
      id: "x",
      count: 2,
      tags: { a: "b" },
      rules: [{ port: 1 }],
      settings: null,
      enabled: null,
    });
    expect(value).not.toHaveProperty("removed_attr");
  });

  it("uses the json field of a DynamicValue when msgpack is empty", () => {
    const dv = { msgpack: Buffer.alloc(0), json: Buffer.from(JSON.stringify({ id: "j", point: { x: 1, y: 2 } })) };
    expect(decodeDynamicValue(type, dv)).toMatchObject({ id: "j", point: { x: 1, y: 2 } });
  });
});
