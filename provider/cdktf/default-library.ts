import type { CdkLibrary } from "./library";

function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === "MODULE_NOT_FOUND" && typeof e.message === "string" && e.message.includes(`'${name}'`);
}

/**
 * The library the ready-made exports are built on: cdktf when installed, else CDK Terrain (cdktn). Loaded only when
 * this entry point is imported, so the rest of the package works without either.
 */
export function loadDefaultLibrary(): CdkLibrary {
  try {
    return require("cdktf") as CdkLibrary;
  } catch (error) {
    if (!isMissing(error, "cdktf")) throw error;
  }
  try {
    return require("cdktn") as CdkLibrary;
  } catch (error) {
    if (!isMissing(error, "cdktn")) throw error;
  }
  throw new Error(
    "infisical-auth0-iac/cdktf needs `cdktf` (>= 0.20) or CDK Terrain `cdktn` installed next to `constructs` 10",
  );
}
