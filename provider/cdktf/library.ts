// Type-only: nothing here loads cdktf at run time, so the factory also works when only CDK Terrain (cdktn) is
// installed. cdktn is a fork of cdktf 0.21 with the same exports; its classes carry their own private members, so
// TypeScript treats them as different types even though they behave alike: `CdkLibrary` is therefore structural,
// and the factory reads the module through cdktf's types.
import type * as cdktf from "cdktf";

/** The exports of `cdktf` (or a compatible fork such as `cdktn`) that the constructs are built on. */
export interface CdkLibrary {
  readonly TerraformProvider: abstract new (...args: never[]) => object;
  readonly TerraformResource: new (...args: never[]) => object;
  readonly TerraformDataSource: new (...args: never[]) => object;
  readonly ComplexObject: new (...args: never[]) => object;
  readonly ImportableResource: new (...args: never[]) => object;
  readonly Tokenization: object;
  readonly stringToTerraform: (value?: unknown) => unknown;
}

/** The API the constructs use, as cdktf 0.21 declares it. */
export type Cdktf = typeof cdktf;

export function asCdktf(library: CdkLibrary): Cdktf {
  const classes = [
    "TerraformProvider",
    "TerraformResource",
    "TerraformDataSource",
    "ComplexObject",
    "ImportableResource",
  ];
  for (const name of classes as (keyof CdkLibrary)[]) {
    if (typeof library[name] !== "function") {
      throw new TypeError(
        `Not a cdktf-compatible module: it has no ${name} class (pass require("cdktf") or require("cdktn"))`,
      );
    }
  }
  return library as unknown as Cdktf;
}
