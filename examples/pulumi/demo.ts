/**
 * `npm run demo`'s Pulumi part. There is no Pulumi CLI (the Go engine) here: the program (examples/pulumi/index.ts)
 * runs under Pulumi's mocks to learn the resources it declares, and each step calls Pulumi's own dynamic-provider host
 * (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, as the engine calls it: Check and Diff for a preview, Create,
 * Update, Read (refresh) and Delete with the old outputs where the engine passes old outputs. The checkpoint the
 * engine would write is then inspected: which values are secret (encrypted by the engine) and that none is in clear.
 */
import path from "node:path";
import type { RunningEmulator } from "../../emulator/types";
import { PulumiProviderHost, type Props, urnFor } from "../../tools/pulumi-host";
import { type DeclaredResource, EXAMPLE_PROJECT as PROJECT, exampleProgramResources } from "../../tools/pulumi-program";
import {
  type DemoReport,
  type Secret,
  assertNoSecret,
  isPlainObject,
  leafRows,
  paint,
  propertyChanges,
} from "../demo-report";

const ROOT = path.resolve(__dirname, "../..");
const STACK = "emulator";
/** Never shown as a change: the provider's code (the shim) and Pulumi's bookkeeping. */
const PROVIDER_KEY = "__provider";

/** The stack config for the emulator (what `pulumi config set [--secret] …` would hold), decrypted, as Configure gets it. */
function stackConfig(emu: RunningEmulator): Record<string, string> {
  return {
    "infisical:host": emu.url,
    "infisical:clientId": emu.seed.identity.clientId,
    "infisical:clientSecret": emu.seed.identity.clientSecret,
    [`${PROJECT}:auth0Domain`]: emu.seed.auth0.domain,
    [`${PROJECT}:auth0ClientId`]: emu.seed.auth0.clientId,
    [`${PROJECT}:auth0ClientSecret`]: emu.seed.auth0.clientSecret,
    [`${PROJECT}:auth0Audience`]: emu.seed.auth0.audience,
    [`${PROJECT}:projectId`]: emu.seed.projectId,
  };
}

/** One resource of the stack's state, as the engine keeps it. */
interface StateEntry {
  declared: DeclaredResource;
  urn: string;
  id: string;
  /** The checked inputs (Check's reply). */
  inputs: Props;
  /** The provider's outputs (Create/Update/Read reply, `__provider` included). */
  outs: Props;
}

const dotted = (paths: string[][]) => paths.map((p) => p.join("."));

function valueAt(obj: Props, p: string[]): unknown {
  let v: unknown = obj;
  for (const k of p) v = v !== null && typeof v === "object" ? (v as Props)[k] : undefined;
  return v;
}

/**
 * The outputs the engine stores as secrets: the resource's `additionalSecretOutputs`, and an output whose same-named
 * input the program marked secret (the engine follows nested objects).
 */
function secretOutputPaths(entry: Pick<StateEntry, "declared" | "outs">): string[][] {
  const { additionalSecretOutputs, secretInputs } = entry.declared;
  return [
    ...additionalSecretOutputs.filter((k) => k in entry.outs).map((k) => [k]),
    ...secretInputs.filter((p) => valueAt(entry.outs, p) !== undefined),
  ];
}

/**
 * Fails (SecretLeak) if a literal secret or an access token is in the resource's state outside the values the engine
 * encrypts: its inputs and outputs, `__provider` included, as they would be written in clear.
 */
export function checkPulumiState(e: Pick<StateEntry, "declared" | "inputs" | "outs">, secrets: readonly Secret[]) {
  const where = `the Pulumi state of ${e.declared.name} outside its secret values`;
  assertNoSecret(JSON.stringify(encrypted(e.inputs, e.declared.secretInputs)), secrets, `${where} (inputs)`);
  assertNoSecret(JSON.stringify(encrypted(e.outs, secretOutputPaths(e))), secrets, `${where} (outputs)`);
}

/** `obj` with the values at `paths` replaced by what the engine writes in their place: ciphertext, here a marker. */
function encrypted(obj: Props, paths: string[][]): Props {
  const copy = structuredClone(obj);
  for (const p of paths) {
    let parent: Props = copy;
    for (const k of p.slice(0, -1)) parent = parent[k] as Props;
    parent[p[p.length - 1] as string] = "[secret: ciphertext]";
  }
  return copy;
}

/** `top` over `base`, nested objects merged. */
function overlay(base: Props, top: Props): Props {
  const merged: Props = { ...base };
  for (const [k, v] of Object.entries(top)) {
    const b = merged[k];
    merged[k] = isPlainObject(b) && isPlainObject(v) ? overlay(b, v) : v;
  }
  return merged;
}

export async function pulumiDemo(emu: RunningEmulator, demo: DemoReport): Promise<void> {
  const config = stackConfig(emu);
  const resources = await exampleProgramResources(config, STACK);
  demo.section(
    "Pulumi: examples/pulumi/index.ts",
    "No Pulumi CLI runs here. The program runs under Pulumi's mocks to learn what it declares, and each step calls",
    "Pulumi's provider host (@pulumi/pulumi/cmd/dynamic-provider) over gRPC, called as the engine calls it.",
    `The program declares ${resources.length} Auth0AppConnection resources: ${resources.map((r) => r.name).join(", ")}.`,
  );
  const host = await PulumiProviderHost.start({ cwd: ROOT, project: PROJECT });
  try {
    await host.configure(config);
    await walk(emu, demo, host, resources);
  } finally {
    await host.close();
  }
  assertNoSecret(`${host.stdout}\n${host.stderr}`, demo.secrets, "the Pulumi provider host's output");
}

async function walk(
  emu: RunningEmulator,
  demo: DemoReport,
  host: PulumiProviderHost,
  resources: DeclaredResource[],
): Promise<void> {
  const state: StateEntry[] = [];
  const secretPaths = (e: StateEntry) => dotted(e.declared.secretInputs);
  /** Check (with the old inputs, as the engine passes them), failing on any failure the provider reports. */
  const check = async (e: Pick<StateEntry, "urn">, olds: Props, news: Props) => {
    const checked = await host.check(e.urn, olds, news);
    if (checked.failures.length) throw new Error(`Check failed: ${JSON.stringify(checked.failures)}`);
    return checked.inputs;
  };
  /** What an update or a replacement changes in Infisical: today's outputs (else old inputs) against the new inputs. */
  const planned = (e: StateEntry, news: Props) =>
    propertyChanges(overlay(e.inputs, e.outs), news, { secretPaths: secretPaths(e), skip: [PROVIDER_KEY] });

  await demo.step("Pulumi", "create: Check, Create", async () => {
    for (const declared of resources) {
      const urn = urnFor(declared.name, STACK, PROJECT);
      const inputs = await check({ urn }, {}, declared.inputs);
      const { id, outs } = await host.create(urn, inputs);
      state.push({ declared, urn, id, inputs, outs });
      const scope = outs.projectId ? `in project ${String(outs.projectId)}` : "org-level";
      demo.operation("create", declared.name, paint("dim", `"${String(outs.name)}" ${id}, ${scope}`));
    }
  });

  await demo.step("Pulumi", "preview, nothing changed: Check, Diff", async () => {
    for (const e of state) {
      const news = await check(e, e.inputs, e.declared.inputs);
      const d = await host.diff(e.id, e.urn, e.outs, news);
      demo.operation(d.changes === "none" ? "same" : "update", e.declared.name, paint("dim", `Diff: ${d.changes}`));
    }
  });

  const [org, project] = state as [StateEntry, StateEntry];
  /** An `up` of one resource as the engine runs it: Check, Diff, and Update when Diff says so. */
  const up = async (e: StateEntry, edited: Props) => {
    const news = await check(e, e.inputs, edited);
    const d = await host.diff(e.id, e.urn, e.outs, news);
    demo.operation(d.changes === "some" ? "update" : "same", e.declared.name, "", planned(e, news));
    if (d.changes !== "some") throw new Error(`expected an update of ${e.declared.name}, Diff said ${d.changes}`);
    e.outs = await host.update(e.id, e.urn, e.outs, news);
    e.inputs = news;
  };

  await demo.step("Pulumi", "description edited in code: Check, Diff, Update", () =>
    up(org, { ...org.inputs, description: "Edited in code" }),
  );

  await emu.admin.editConnection(org.id, { name: "renamed-in-ui" });
  await demo.step("Pulumi", "renamed in Infisical's UI: Read, Check, Diff, Update", async () => {
    const read = await host.read(org.id, org.urn, org.outs);
    demo.operation(
      "refresh",
      org.declared.name,
      paint("dim", "Read"),
      propertyChanges(org.outs, read.outs, { skip: [PROVIDER_KEY] }),
    );
    org.outs = read.outs;
    await up(org, org.inputs);
  });

  const other = await emu.admin.addProject({ name: "second-project" });
  await demo.step("Pulumi", "projectId changed: Check, Diff, Create, Delete", async () => {
    const news = await check(project, project.inputs, { ...project.inputs, projectId: other.id });
    const d = await host.diff(project.id, project.urn, project.outs, news);
    if (!d.replaces.length) throw new Error(`expected a replacement, Diff said ${JSON.stringify(d)}`);
    demo.operation(
      "replace",
      project.declared.name,
      paint("dim", `Diff replaces: ${d.replaces.join(", ")}; the new one first`),
      planned(project, news),
    );
    const created = await host.create(project.urn, news);
    await host.delete(project.id, project.urn, project.outs);
    demo.say(paint("dim", `created ${created.id} in project ${other.id}, deleted ${project.id}`), 8);
    Object.assign(project, { id: created.id, outs: created.outs, inputs: news });
  });

  await demo.step("Pulumi", "what the state holds for auth0-org", async () => {
    showState(demo, org, stackConfig(emu));
    for (const e of state) checkPulumiState(e, demo.secrets);
    demo.ok("searched both resources' inputs, outputs and __provider, secret values excluded, for the Auth0 client");
    demo.say("secret, the identity's client secret and access tokens: none is there in clear", 6);
  });

  await demo.step("Pulumi", "destroy: Delete", async () => {
    for (const e of [...state].reverse()) {
      await host.delete(e.id, e.urn, e.outs);
      demo.operation("delete", e.declared.name, paint("dim", e.id));
    }
  });
  const left = (await emu.admin.connections()).filter((c) => c.app === "auth0").length;
  demo.say(`Auth0 connections left in Infisical: ${left}`, 4);
}

/** The checkpoint entry the engine would write for `e`, secrets marked, `__provider` summarized. */
function showState(demo: DemoReport, e: StateEntry, config: Record<string, string>): void {
  const provider = String(e.outs[PROVIDER_KEY] ?? "");
  const captured = Object.entries(config).filter(([, value]) => provider.includes(value));
  if (captured.length) throw new Error(`__provider captured ${captured.map(([key]) => key).join(", ")}`);
  const loads = [...new Set([...provider.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))];
  const line = (key: string, value: string, note = "") =>
    demo.say(`${key.padEnd(26)} ${value}${note ? `  ${paint("dim", note)}` : ""}`, 6);
  const secret = paint("magenta", "[secret]");
  const show = (props: Props, secretPaths: string[], notes: Record<string, string>) => {
    for (const [key, value] of leafRows(props)) {
      if (key !== PROVIDER_KEY) line(key, secretPaths.includes(key) ? secret : JSON.stringify(value), notes[key]);
    }
  };

  demo.say(paint("bold", "inputs (Check's reply); the engine encrypts what the program marked secret"), 4);
  show(e.inputs, dotted(e.declared.secretInputs), { "credentials.clientSecret": "the Auth0 client secret" });
  line(PROVIDER_KEY, "(as in the outputs)");
  demo.say(paint("bold", "outputs (the provider's replies); secret: additionalSecretOutputs and secret inputs'"), 4);
  const fingerprint = String(e.outs.clientSecretFingerprint).replace(
    /^v1:[0-9a-f]{32}:[0-9a-f]{64}$/,
    "v1:<salt>:<sha256>",
  );
  show(e.outs, dotted(secretOutputPaths(e)), {
    clientSecretFingerprint: `${fingerprint}, the secret salted and hashed: Diff sees a new one without storing it`,
  });
  line("credentials.clientSecret", paint("dim", "(none)"), "Infisical never returns it, the provider never stores it");
  line(
    PROVIDER_KEY,
    `${Buffer.byteLength(provider)} bytes of code`,
    `loads ${loads.map((m) => `"${m}"`).join(", ")} when run; holds no setting, credential or token`,
  );
}
