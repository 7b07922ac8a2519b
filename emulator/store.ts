import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { freshState, type EmulatorState } from "./state";

/**
 * Owns the state and its persistence. Every mutation ends in `commit()`, which writes the whole state to `dataFile`
 * through a temp file and a rename, so a crash mid-write never leaves a torn file.
 */
export class Store {
  private constructor(
    readonly state: EmulatorState,
    private readonly dataFile: string | undefined,
  ) {}

  static open(dataFile: string | undefined, defaultTtlSeconds: number): Store {
    if (dataFile !== undefined && existsSync(dataFile)) {
      const loaded = JSON.parse(readFileSync(dataFile, "utf8")) as EmulatorState;
      if (loaded.format !== 1) throw new Error(`Unsupported emulator data file format in ${dataFile}`);
      return new Store(loaded, dataFile);
    }
    const store = new Store(freshState(defaultTtlSeconds), dataFile);
    store.commit();
    return store;
  }

  commit(): void {
    if (this.dataFile === undefined) return;
    const temp = `${this.dataFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state, null, 2), { mode: 0o600 });
    renameSync(temp, this.dataFile);
  }
}
