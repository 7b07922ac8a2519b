// Terraform's "known after apply": a value distinct from null and from every JS value, so resource code cannot
// mistake it for data. Refinements (msgpack extension 12, e.g. "not null, prefix x-") are kept as opaque bytes:
// nothing here interprets them, and the layer always re-encodes an unknown as the plain extension 0.
export class Unknown {
  constructor(
    /** msgpack extension type it arrived as (0 plain, 12 refined, others tolerated). */
    readonly extensionType = 0,
    readonly refinement: Uint8Array = new Uint8Array(0),
  ) {}

  toString(): string {
    return "(known after apply)";
  }

  toJSON(): string {
    return this.toString();
  }
}

export const UNKNOWN = new Unknown();

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}
