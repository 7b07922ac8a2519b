/**
 * The emulator and Pulumi's real provider host configured against it (stack config `infisical:*`), as the
 * provider-host and get tests both start them.
 */
import { startEmulator } from "../../emulator/index";
import type { RunningEmulator } from "../../emulator/types";
import { PulumiProviderHost, makeProjectDir, serializedProvider } from "../../tools/pulumi-host";

export interface HostFixture {
  emu: RunningEmulator;
  host: PulumiProviderHost;
  /** `__provider` as the resource stores it. */
  provider: string;
  project: { dir: string; cleanup(): void };
  close(): Promise<void>;
}

export async function startHostFixture(): Promise<HostFixture> {
  const emu = await startEmulator({ rateLimit: false });
  const project = makeProjectDir();
  let host: PulumiProviderHost | undefined;
  const close = async () => {
    await host?.close();
    project.cleanup();
    await emu.close();
  };
  try {
    const provider = await serializedProvider();
    host = await PulumiProviderHost.start({ cwd: project.dir });
    await host.configure({
      "infisical:host": emu.url,
      "infisical:clientId": emu.seed.identity.clientId,
      "infisical:clientSecret": emu.seed.identity.clientSecret,
    });
    return { emu, host, provider, project, close };
  } catch (e) {
    // Nothing left running when the start fails half-way.
    await close();
    throw e;
  }
}
