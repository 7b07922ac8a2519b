import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { emptyAuthMethods, emptyTokenState, freshState, type EmulatorState } from "./state";
import { newOidcIssuer } from "./oidc-issuer";

/**
 * Owns the state and its persistence. Every mutation ends in `commit()`, which writes the whole state to `dataFile`
 * through a temp file and a rename, so a crash mid-write never leaves a torn file. The state stays small (no row per
 * login, expired token entries pruned), so a whole rewrite is cheap; it is written as compact JSON.
 */
export class Store {
  private constructor(
    readonly state: EmulatorState,
    private readonly dataFile: string | undefined,
  ) {}

  /** `label` names the setting in errors: `dataFile` for the API, `--data` for the CLI. */
  static open(dataFile: string | undefined, defaultTtlSeconds: number, label = "dataFile"): Store {
    if (dataFile !== undefined) assertUsableDataFile(dataFile, label);
    if (dataFile !== undefined && existsSync(dataFile)) {
      const { state, migrated } = load(dataFile, label);
      const store = new Store(state, dataFile);
      if (migrated) store.commit();
      return store;
    }
    const store = new Store(freshState(defaultTtlSeconds), dataFile);
    store.commit();
    return store;
  }

  commit(): void {
    if (this.dataFile === undefined) return;
    const temp = `${this.dataFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, `${JSON.stringify(this.state)}\n`, { mode: 0o600 });
      renameSync(temp, this.dataFile);
    } catch (err) {
      rmSync(temp, { force: true });
      throw new Error(`Could not write the emulator data file ${this.dataFile}: ${reason(err)}`);
    }
  }
}

/**
 * The checks a user needs before the first write: the folder must exist (the file itself is created on first start)
 * and an existing path must be a file.
 */
export function assertUsableDataFile(dataFile: string, label: string): void {
  const path = resolve(dataFile);
  const folder = dirname(path);
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (folderStat === undefined) {
    throw new Error(
      `${label} ${dataFile}: the folder ${folder} does not exist. Create it first, or name a file in an existing ` +
        `folder (the file itself is created on the first start).`,
    );
  }
  if (!folderStat.isDirectory()) throw new Error(`${label} ${dataFile}: ${folder} is not a folder.`);
  const fileStat = statSync(path, { throwIfNoEntry: false });
  if (fileStat !== undefined && !fileStat.isFile()) {
    throw new Error(`${label} ${dataFile}: this is not a file (give the path of a JSON file to keep the state in).`);
  }
}

function load(dataFile: string, label: string): { state: EmulatorState; migrated: boolean } {
  let loaded: { format?: unknown } & Record<string, unknown>;
  try {
    loaded = JSON.parse(readFileSync(dataFile, "utf8")) as typeof loaded;
  } catch (err) {
    throw new Error(`${label} ${dataFile}: not an emulator data file (${reason(err)}).`);
  }
  if (loaded.format === 3) return { state: loaded as unknown as EmulatorState, migrated: false };
  if (loaded.format !== 1 && loaded.format !== 2) {
    throw new Error(`${label} ${dataFile}: unsupported emulator data file format ${JSON.stringify(loaded.format)}.`);
  }
  // Format 1 kept a row per issued token; its tokens are not carried over (clients simply log in again). Formats 1
  // and 2 had no login methods but universal auth: the OIDC issuer key is made now, and `start` attaches OIDC to
  // the seed identity.
  const older = loaded as unknown as Omit<EmulatorState, "format" | "orgSlug" | "oidcIssuer" | "authMethods">;
  const state: EmulatorState = {
    ...older,
    format: 3,
    orgSlug: "emulator-org",
    tokens: loaded.format === 1 ? emptyTokenState() : older.tokens,
    oidcIssuer: newOidcIssuer(),
    authMethods: emptyAuthMethods(),
  };
  return { state, migrated: true };
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
