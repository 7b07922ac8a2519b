import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Pool } from "undici";
import { startEmulator } from "../emulator/index";
import { InfisicalClient, getInfisicalClient, resolveSettings } from "../provider/infisical";
import type { BenchRow } from "./types";
import { median } from "./stats";

/**
 * Benchmarks of the Infisical client against an in-process emulator: per-request overhead over bare undici, logins
 * per 100 operations, throughput under a write rate limit, reads of 200 connections under a read limit, and the time
 * to load the client.
 */

const ROOT = join(__dirname, "..");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchOverhead(): Promise<BenchRow[]> {
  const emu = await startEmulator({ rateLimit: false });
  const { identity, auth0 } = emu.seed;
  const settings = resolveSettings(
    { host: emu.url, clientId: identity.clientId, clientSecret: identity.clientSecret },
    {},
  );
  const client = new InfisicalClient(settings);
  // The same Pool settings the client uses (see provider/infisical/transport.ts).
  const bare = new Pool(emu.url, {
    connect: { timeout: settings.connectTimeoutMs },
    keepAliveTimeout: 4_000,
    headersTimeout: settings.requestTimeoutMs,
    bodyTimeout: settings.requestTimeoutMs,
  });
  try {
    const login = await bare.request({
      method: "POST",
      path: "/api/v1/auth/universal-auth/login",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: identity.clientId, clientSecret: identity.clientSecret }),
    });
    const { accessToken } = (await login.body.json()) as { accessToken: string };
    const conn = await client.createAuth0Connection({ name: "bench-overhead", credentials: auth0 });
    const path = `/api/v1/app-connections/auth0/${conn.id}`;
    const bareGet = async () => {
      const res = await bare.request({
        method: "GET",
        path,
        headers: { accept: "application/json", authorization: `Bearer ${accessToken}` },
      });
      const body = (await res.body.json()) as { appConnection: { id: string } };
      if (res.statusCode !== 200 || body.appConnection.id !== conn.id) throw new Error("bare request failed");
    };
    const clientGet = async () => {
      const c = await client.getAuth0Connection(conn.id);
      if (c.id !== conn.id) throw new Error("client request failed");
    };
    const time = async (fn: () => Promise<void>) => {
      const t = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    for (let i = 0; i < 300; i++) {
      await bareGet();
      await clientGet();
    }
    const bareMs: number[] = [];
    const clientMs: number[] = [];
    const N = 3_000;
    // Interleaved, alternating which goes first, so drift (GC, JIT, CPU frequency) hits both alike.
    for (let i = 0; i < N; i++) {
      if (i % 2) {
        bareMs.push(await time(bareGet));
        clientMs.push(await time(clientGet));
      } else {
        clientMs.push(await time(clientGet));
        bareMs.push(await time(bareGet));
      }
    }
    const ratio = median(clientMs) / median(bareMs);
    return [
      { name: "client get-by-id median latency", value: round(median(clientMs), 3), unit: "ms", note: `${N} requests` },
      {
        name: "bare undici get-by-id median latency",
        value: round(median(bareMs), 3),
        unit: "ms",
        note: `${N} requests`,
      },
      {
        name: "client overhead (median client / median bare)",
        value: round(ratio, 3),
        unit: "ratio",
        target: "<= 1.10",
        pass: ratio <= 1.1,
        note: "same emulator, same Pool settings, interleaved",
      },
    ];
  } finally {
    await client.close();
    await bare.close();
    await emu.close();
  }
}

async function loginsPer100(): Promise<BenchRow[]> {
  const emu = await startEmulator({ rateLimit: false });
  const { identity, auth0 } = emu.seed;
  const input = { host: emu.url, clientId: identity.clientId, clientSecret: identity.clientSecret };
  // As in a deployment: several resources, each with its own client object, plus the shared accessor.
  const clients = [
    ...Array.from({ length: 4 }, () => new InfisicalClient(resolveSettings(input, {}))),
    getInfisicalClient(input),
  ];
  try {
    let ops = 0;
    for (let i = 0; ops < 100; i++) {
      const c = clients[i % clients.length] as InfisicalClient;
      const conn = await c.createAuth0Connection({ name: `bench-logins-${i}`, credentials: auth0 });
      await c.getAuth0Connection(conn.id);
      await c.updateAuth0Connection(conn.id, { description: "x" });
      await c.deleteAuth0Connection(conn.id);
      ops += 4;
    }
    const logins = await emu.admin.loginCount();
    return [
      {
        name: "logins per 100 operations (5 client objects)",
        value: logins,
        unit: "logins",
        target: "1",
        pass: logins === 1,
      },
    ];
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await emu.close();
  }
}

async function writesUnderLimit(): Promise<BenchRow[]> {
  const limit = 60;
  const windowMs = 10_000;
  const total = 300;
  const emu = await startEmulator({ rateLimit: { read: 10_000, write: limit, windowMs } });
  const { identity, auth0 } = emu.seed;
  const client = new InfisicalClient(
    resolveSettings({ host: emu.url, clientId: identity.clientId, clientSecret: identity.clientSecret }, {}),
  );
  try {
    // The login is a write too: do it first and let its window pass, so the clock starts in a fresh window.
    await client.getAppConnectionOptions();
    await sleep(windowMs + 200);
    await emu.admin.clearRequests();
    const creates = total / 2;
    let failed = 0;
    const ids: string[] = [];
    const started = Date.now();
    const workers = 8;
    let next = 0;
    const work = async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        try {
          if (i < creates) {
            ids.push((await client.createAuth0Connection({ name: `bench-w-${i}`, credentials: auth0 })).id);
          } else {
            const id = ids[(i - creates) % Math.max(1, ids.length)];
            if (id === undefined) throw new Error("nothing to update");
            await client.updateAuth0Connection(id, { description: `update ${i}` });
          }
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, work));
    const elapsed = Date.now() - started;
    const minimum = (Math.ceil(total / limit) - 1) * windowMs;
    const ratio = elapsed / minimum;
    const got429 = (await emu.admin.requests()).filter((r) => r.status === 429).length;
    return [
      {
        name: `failed operations (${total} writes, ${limit}/${windowMs / 1000}s)`,
        value: failed,
        unit: "ops",
        target: "0",
        pass: failed === 0,
      },
      {
        name: "write-limited run time / limit's minimum",
        value: round(ratio, 3),
        unit: "ratio",
        target: "<= 1.20",
        pass: ratio <= 1.2,
        note: `${round(elapsed / 1000, 1)} s vs ${minimum / 1000} s minimum; ${got429} answers were 429; ${workers} concurrent workers`,
      },
    ];
  } finally {
    await client.close();
    await emu.close();
  }
}

/** 200 reads with a scope hint (as a `terraform plan` refresh does) under the self-hosted 60 reads a minute. */
async function refreshAtScale(): Promise<BenchRow[]> {
  const count = 200;
  const emu = await startEmulator({ rateLimit: { read: 60, write: 1_000, windowMs: 60_000 } });
  const { identity, auth0 } = emu.seed;
  const client = new InfisicalClient(
    resolveSettings({ host: emu.url, clientId: identity.clientId, clientSecret: identity.clientSecret }, {}),
  );
  try {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await emu.admin.addConnection({ app: "auth0", name: `bench-r-${i}`, credentials: auth0 })).id);
    }
    await client.getAppConnectionOptions();
    await emu.admin.clearRequests();
    const started = Date.now();
    let next = 0;
    // Terraform's default parallelism.
    const worker = async () => {
      for (let i = next++; i < count; i = next++)
        await client.getAuth0Connection(ids[i] as string, { projectId: null });
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    const seconds = (Date.now() - started) / 1000;
    const reads = (await emu.admin.requests()).filter((r) => r.method === "GET").length;
    return [
      {
        name: `API reads for ${count} reads with a scope hint (60 reads/min)`,
        value: reads,
        unit: "reads",
        target: "<= 3",
        pass: reads <= 3,
        note: "10 at a time, as terraform plan refreshes",
      },
      {
        name: `time for ${count} reads with a scope hint (60 reads/min)`,
        value: round(seconds, 2),
        unit: "s",
        target: "<= 5",
        pass: seconds <= 5,
      },
    ];
  } finally {
    await client.close();
    await emu.close();
  }
}

/**
 * Time to load the client, in fresh processes (medians of 31, NODE_EXTRA_CA_CERTS unset, which otherwise costs every
 * Node 20 start 55–70 ms): `require` of the esbuild chunk the Terraform provider loads on first use, then one client
 * constructed (its parsers built); and `require` of the package's compiled module.
 */
function loadTimes(): BenchRow[] {
  const targets = [
    { name: "Terraform client chunk", file: join(ROOT, "dist", "terraform", "infisicalauth0-client.cjs") },
    { name: "package module", file: join(ROOT, "dist", "provider", "infisical", "index.js") },
  ].filter((t) => existsSync(t.file));
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const rows: BenchRow[] = [];
  for (const t of targets) {
    const code =
      `const c0=process.cpuUsage();const t0=process.hrtime.bigint();const m=require(${JSON.stringify(t.file)});` +
      `const c=new m.InfisicalClient(m.resolveSettings({host:"http://127.0.0.1:9",token:"x"},{}));` +
      `const ms=Number(process.hrtime.bigint()-t0)/1e6;const u=process.cpuUsage(c0);c.close();` +
      `console.log(JSON.stringify({ms,cpu:(u.user+u.system)/1000}))`;
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 31; i++) {
      const r = spawnSync(process.execPath, ["-e", code], { env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`loading ${t.file} failed: ${r.stderr}`);
      const m = JSON.parse(r.stdout) as { ms: number; cpu: number };
      wall.push(m.ms);
      cpu.push(m.cpu);
    }
    rows.push({
      name: `load ${t.name} + one client (median)`,
      value: round(median(wall), 1),
      unit: "ms",
      note: `${round(median(cpu), 1)} ms CPU; require and construct, 31 fresh processes`,
    });
  }
  return rows;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export async function benchClient(): Promise<BenchRow[]> {
  return [
    ...(await benchOverhead()),
    ...(await loginsPer100()),
    ...(await writesUnderLimit()),
    ...(await refreshAtScale()),
    ...loadTimes(),
  ];
}
