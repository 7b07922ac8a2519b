// DynamicValue <-> TfValue, driven by the cty type (docs/plugin-protocol/object-wire-format.md).
// Objects carry every attribute (missing -> nil); null is nil; any msgpack extension decodes as Unknown (Terraform
// sends 0 and the refined 12); unknown encodes as fixext1 type 0 (d4 00 00), byte-for-byte what cty writes.
// Map keys are data: `__proto__`, `constructor` and `prototype` round-trip as ordinary keys (never a prototype).
import { Decoder, Encoder, ExtData } from "@msgpack/msgpack";
import { type TfType, type TfValue, typeFromJson } from "./types";
import { Unknown, isUnknown } from "./unknown";

export interface DynamicValue {
  msgpack?: Buffer | Uint8Array | null;
  json?: Buffer | Uint8Array | null;
}

export class CodecError extends Error {
  /** Where in the value; a copy (the walks below reuse one path array, pushed and popped). */
  readonly path: readonly (string | number)[];
  constructor(message: string, path: readonly (string | number)[]) {
    super(path.length > 0 ? `${message} at ${path.join(".")}` : message);
    this.name = "CodecError";
    this.path = [...path];
  }
}

const UNKNOWN_EXT = new ExtData(0, Uint8Array.of(0));

// @msgpack/msgpack refuses a map key "__proto__" (its decoder builds plain objects); its key decoder hands it over
// escaped instead (a leading NUL, doubled on keys that already start with one), which fromWire undoes.
const ESCAPE = "\u0000";
const utf8 = new TextDecoder();
const escapeKey = (key: string) => (key === "__proto__" || key.startsWith(ESCAPE) ? ESCAPE + key : key);
const unescapeKey = (key: string) => (key.startsWith(ESCAPE) ? key.slice(1) : key);

/** Map keys repeat (attribute names): short ones are decoded once and found again by their bytes. */
const keyCache: { bytes: Uint8Array; key: string }[][] = Array.from({ length: 33 }, () => []);
function decodeKey(bytes: Uint8Array, offset: number, length: number): string {
  const bucket = length < keyCache.length ? keyCache[length]! : undefined;
  if (bucket) {
    search: for (const entry of bucket) {
      for (let i = 0; i < length; i++) if (entry.bytes[i] !== bytes[offset + i]) continue search;
      return entry.key;
    }
  }
  const key = escapeKey(utf8.decode(bytes.subarray(offset, offset + length)));
  if (bucket && bucket.length < 64) bucket.push({ bytes: bytes.slice(offset, offset + length), key });
  return key;
}
const decoder = new Decoder({ keyDecoder: { canBeCached: () => true, decode: decodeKey } });
// One encoder, reused: its result is a view of its buffer, copied out before the next call.
const encoder = new Encoder();

/** Sets an own property, even one named `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function decodeDynamicValue(type: TfType, value: DynamicValue | null | undefined): TfValue {
  if (value?.msgpack && value.msgpack.length > 0) return fromWire(type, decoder.decode(value.msgpack), [], true);
  if (value?.json && value.json.length > 0) return decodeJson(type, Buffer.from(value.json).toString("utf8"));
  return null;
}

/** The JSON form (UpgradeResourceState's raw state, the DynamicValue json fallback). */
export function decodeJson(type: TfType, json: string): TfValue {
  return fromWire(type, JSON.parse(json) as unknown, []);
}

export function encodeDynamicValue(type: TfType, value: TfValue): { msgpack: Buffer } {
  return { msgpack: Buffer.from(encoder.encode(toWire(type, value, []))) };
}

/** `msgpack`: the raw value came from the msgpack decoder, whose map keys are escaped. */
export function fromWire(type: TfType, raw: unknown, path: (string | number)[], msgpack = false): TfValue {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData) return new Unknown(raw.type, raw.data instanceof Uint8Array ? raw.data : undefined);
  if (isUnknown(raw)) return raw;
  if (type === "string") {
    if (typeof raw === "string") return raw;
    // cty accepts numbers and bools where a string is expected (type conversion in config).
    if (typeof raw === "number" || typeof raw === "boolean" || typeof raw === "bigint") return String(raw);
    throw new CodecError(`expected a string, got ${describe(raw)}`, path);
  }
  if (type === "number") return decodeNumber(raw, path);
  if (type === "bool") {
    if (typeof raw === "boolean") return raw;
    if (raw === "true" || raw === "false") return raw === "true";
    throw new CodecError(`expected a bool, got ${describe(raw)}`, path);
  }
  if (type === "dynamic") return decodeDynamic(raw, path, msgpack);
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(raw)) throw new CodecError(`expected a ${kind}, got ${describe(raw)}`, path);
    return raw.map((element, index) => within(path, index, () => fromWire(inner, element, path, msgpack)));
  }
  const entries = asRecord(raw, kind, path);
  const result: Record<string, TfValue> = {};
  if (kind === "map") {
    for (const [wireKey, element] of Object.entries(entries)) {
      const key = msgpack ? unescapeKey(wireKey) : wireKey;
      setOwn(
        result,
        key,
        within(path, key, () => fromWire(inner, element, path, msgpack)),
      );
    }
    return result;
  }
  const attributes = inner as { readonly [name: string]: TfType };
  for (const name of attributeNames(attributes)) {
    const wireKey = msgpack ? escapeKey(name) : name;
    const wire = Object.hasOwn(entries, wireKey) ? entries[wireKey] : null;
    path.push(name);
    setOwn(result, name, fromWire(attributes[name]!, wire, path, msgpack));
    path.pop();
  }
  return result;
}

/**
 * The walks share one path array, pushed and popped (a copy per attribute cost more than the rest of the walk);
 * a CodecError copies it. An error leaves it pushed, which no caller reads again.
 */
function within<T>(path: (string | number)[], step: string | number, walk: () => T): T {
  path.push(step);
  const result = walk();
  path.pop();
  return result;
}

/** An object type's attribute names, listed once per type. */
const namesOf = new WeakMap<object, string[]>();
function attributeNames(attributes: { readonly [name: string]: TfType }): string[] {
  let names = namesOf.get(attributes);
  if (!names) namesOf.set(attributes, (names = Object.keys(attributes)));
  return names;
}

export function toWire(type: TfType, value: TfValue | undefined, path: (string | number)[]): unknown {
  if (value === null || value === undefined) return null;
  if (isUnknown(value)) return UNKNOWN_EXT;
  if (type === "string") {
    if (typeof value !== "string") throw new CodecError(`expected a string, got ${describe(value)}`, path);
    return value;
  }
  if (type === "number") return encodeNumber(value, path);
  if (type === "bool") {
    if (typeof value !== "boolean") throw new CodecError(`expected a bool, got ${describe(value)}`, path);
    return value;
  }
  if (type === "dynamic") return encodeDynamic(value, path);
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) throw new CodecError(`expected a ${kind}, got ${describe(value)}`, path);
    return value.map((element, index) => within(path, index, () => toWire(inner, element, path)));
  }
  const entries = asRecord(value, kind, path) as Record<string, TfValue | undefined>;
  const result: Record<string, unknown> = {};
  if (kind === "map") {
    for (const [key, element] of Object.entries(entries)) {
      setOwn(
        result,
        key,
        within(path, key, () => toWire(inner, element, path)),
      );
    }
    return result;
  }
  const attributes = inner as { readonly [name: string]: TfType };
  for (const name of attributeNames(attributes)) {
    const own = Object.hasOwn(entries, name) ? entries[name] : null;
    path.push(name);
    setOwn(result, name, toWire(attributes[name]!, own, path));
    path.pop();
  }
  return result;
}

function decodeNumber(raw: unknown, path: (string | number)[]): number | bigint {
  if (typeof raw === "number" || typeof raw === "bigint") return raw;
  // cty writes numbers that do not fit an int64/float64 exactly as decimal strings.
  if (typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw))) {
    if (/^-?\d+$/.test(raw) && !Number.isSafeInteger(Number(raw))) return BigInt(raw);
    return Number(raw);
  }
  throw new CodecError(`expected a number, got ${describe(raw)}`, path);
}

function encodeNumber(value: TfValue, path: (string | number)[]): number | string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new CodecError("a Terraform number must be finite", path);
    return value;
  }
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  throw new CodecError(`expected a number, got ${describe(value)}`, path);
}

// A dynamic value travels as [type JSON, value]; a JSON fallback carries {"type":..., "value":...}.
function decodeDynamic(raw: unknown, path: (string | number)[], msgpack: boolean): TfValue {
  if (Array.isArray(raw) && raw.length === 2) {
    const typeJson = raw[0] instanceof Uint8Array ? Buffer.from(raw[0]).toString("utf8") : String(raw[0]);
    return fromWire(typeFromJson(JSON.parse(typeJson)), raw[1], path, msgpack);
  }
  if (raw !== null && typeof raw === "object" && "type" in raw && "value" in raw) {
    return fromWire(typeFromJson(raw.type), raw.value, path);
  }
  throw new CodecError("malformed dynamic value", path);
}

function encodeDynamic(value: TfValue, path: (string | number)[]): unknown {
  const type: TfType =
    typeof value === "string"
      ? "string"
      : typeof value === "boolean"
        ? "bool"
        : typeof value === "object"
          ? "dynamic"
          : "number";
  if (type === "dynamic") throw new CodecError("only primitive values can be encoded as a dynamic value", path);
  return [Buffer.from(JSON.stringify(type)), toWire(type, value, path)];
}

function asRecord(raw: unknown, kind: string, path: (string | number)[]): Record<string, unknown> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new CodecError(`expected a ${kind}, got ${describe(raw)}`, path);
  }
  return raw as Record<string, unknown>;
}

// Names the kind only: a value may be a secret and this text can reach a diagnostic.
function describe(raw: unknown): string {
  if (Array.isArray(raw)) return "an array";
  if (raw instanceof Uint8Array) return "bytes";
  return typeof raw === "object" ? "an object" : `a ${typeof raw}`;
}
