import { startEmulator } from "../emulator/index";
import { InfisicalClient, resolveSettings } from "../provider/infisical";
import { PulumiProviderHost, type Props, makeProjectDir, serializedProvider, urnFor } from "../tools/pulumi-host";
import type { BenchRow } from "./types";
import { median } from "./stats";

/**
 * The Pulumi resource through Pulumi's real provider host: the size of `__provider` in state, API calls per lifecycle
 * step (counted at the emulator), and create/update latency through the host vs the client alone.
 */

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export async function benchPulumi(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const provider = await serializedProvider();
  rows.push({
    name: "__provider size in state",
    value: Buffer.byteLength(provider),
    unit: "bytes",
    target: "<= 2048",
    pass: Buffer.byteLength(provider) <= 2048,
  });

  const emu = await startEmulator({ rateLimit: false });
  const project = makeProjectDir();
  const host = await PulumiProviderHost.start({ cwd: project.dir });
  try {
    await host.configure({
      "infisical:host": emu.url,
      "infisical:clientId": emu.seed.identity.clientId,
      "infisical:clientSecret": emu.seed.identity.clientSecret,
    });
    const inputs = (name: string, description = "bench"): Props => ({
      name,
      description,
      method: "client-credentials",
      credentials: { ...emu.seed.auth0 },
      __provider: provider,
    });
    const apiCalls = async () => {
      const n = (await emu.admin.requests()).filter((r) => r.path.startsWith("/api/v1/app-connections")).length;
      await emu.admin.clearRequests();
      return n;
    };
    const urn = urnFor("bench-steps");

    // API calls per lifecycle step.
    await emu.admin.clearRequests();
    const checked = await host.check(urn, {}, inputs("bench-steps"));
    const created = await host.create(urn, checked.inputs);
    const steps: [string, number, number][] = [["create", await apiCalls(), 1]];
    await host.diff(created.id, urn, created.outs, checked.inputs);
    steps.push(["diff", await apiCalls(), 0]);
    const updated = await host.update(created.id, urn, created.outs, { ...checked.inputs, description: "changed" });
    steps.push(["update (description)", await apiCalls(), 1]);
    const read = await host.read(created.id, urn, updated);
    steps.push(["refresh", await apiCalls(), 1]);
    await host.delete(created.id, urn, read.outs);
    steps.push(["delete", await apiCalls(), 1]);
    for (const [step, n, target] of steps) {
      rows.push({ name: `API calls: ${step}`, value: n, unit: "calls", target: `${target}`, pass: n === target });
    }

    // Latency: the same create and update through the host and through the client alone, interleaved.
    const client = new InfisicalClient(
      resolveSettings(
        { host: emu.url, clientId: emu.seed.identity.clientId, clientSecret: emu.seed.identity.clientSecret },
        {},
      ),
    );
    const hostCreate: number[] = [];
    const clientCreate: number[] = [];
    const hostUpdate: number[] = [];
    const clientUpdate: number[] = [];
    for (let i = 0; i < 25; i++) {
      const hu = urnFor(`bench-host-${i}`);
      const hin = (await host.check(hu, {}, inputs(`bench-host-${i}`))).inputs;
      let t = process.hrtime.bigint();
      const h = await host.create(hu, hin);
      hostCreate.push(ms(t));
      t = process.hrtime.bigint();
      const c = await client.createAuth0Connection({
        name: `bench-client-${i}`,
        description: "bench",
        credentials: emu.seed.auth0,
      });
      clientCreate.push(ms(t));
      t = process.hrtime.bigint();
      await host.update(h.id, hu, h.outs, { ...hin, description: `bench ${i}` });
      hostUpdate.push(ms(t));
      t = process.hrtime.bigint();
      await client.updateAuth0Connection(c.id, { description: `bench ${i}` });
      clientUpdate.push(ms(t));
      await host.delete(h.id, hu, h.outs);
      await client.deleteAuth0Connection(c.id);
    }
    const logins = await emu.admin.loginCount();
    rows.push({
      name: "logins (host process + bench client)",
      value: logins,
      unit: "logins",
      target: "2 (1 per process)",
      pass: logins === 2,
    });
    const ratio = (a: number[], b: number[]) => Math.round((median(a) / median(b)) * 100) / 100;
    rows.push({
      name: "create median: host / client",
      value: ratio(hostCreate, clientCreate),
      unit: "x",
      note: `${median(hostCreate).toFixed(2)} ms vs ${median(clientCreate).toFixed(2)} ms`,
    });
    rows.push({
      name: "update median: host / client",
      value: ratio(hostUpdate, clientUpdate),
      unit: "x",
      note: `${median(hostUpdate).toFixed(2)} ms vs ${median(clientUpdate).toFixed(2)} ms`,
    });
  } finally {
    await host.close();
    project.cleanup();
    await emu.close();
  }
  return rows;
}
