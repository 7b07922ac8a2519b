// A test-only provider on the generic plugin layer: `tfpluginexample_file` stores one JSON file per object under
// a root directory. It exercises a computed id, a sensitive attribute, a write-only attribute with its version,
// a requires-replace attribute, a map and a nested single attribute. The `tfpluginexample_file` data source reads one
// back by name. Content "wait-for-cancel" makes create wait for its signal (the shutdown and StopProvider tests).
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  attr,
  defineDataSource,
  defineProvider,
  defineResource,
  defineSchema,
  error,
  isUnknown,
  type Model,
} from "../../../provider/terraform/plugin";

interface Context {
  root: string;
}

const fileSchema = defineSchema({
  version: 1,
  description: "A JSON file under the provider's root directory.",
  attributes: {
    id: attr.string({ computed: true, description: "Random id given at creation." }),
    name: attr.string({ required: true, requiresReplace: true, description: "File name; changing it replaces." }),
    content: attr.string({ required: true }),
    secret: attr.string({ optional: true, sensitive: true }),
    password_wo: attr.string({ optional: true, writeOnly: true }),
    password_wo_version: attr.number({ optional: true }),
    tags: attr.map("string", { optional: true }),
    settings: attr.single(
      { mode: attr.string({ optional: true }), size: attr.number({ optional: true }) },
      { optional: true },
    ),
  },
});

type FileModel = Model<typeof fileSchema.attributes>;

interface Stored {
  id: string;
  content: unknown;
  secret: unknown;
  password_sha256: string | null;
  password_wo_version: unknown;
  tags: unknown;
  settings: unknown;
}

const pathOf = (ctx: Context, name: unknown) => join(ctx.root, `${String(name)}.json`);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function write(ctx: Context, model: FileModel, id: string, passwordSha: string | null): FileModel {
  const stored: Stored = {
    id,
    content: model.content,
    secret: model.secret,
    password_sha256: passwordSha,
    password_wo_version: model.password_wo_version,
    tags: model.tags,
    settings: model.settings,
  };
  writeFileSync(pathOf(ctx, model.name), JSON.stringify(stored));
  return { ...model, id, password_wo: null };
}

function load(ctx: Context, name: unknown): Stored | null {
  const path = pathOf(ctx, name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Stored) : null;
}

const file = defineResource<typeof fileSchema.attributes, Context>({
  typeName: "tfpluginexample_file",
  schema: fileSchema,
  validate({ config }) {
    if (typeof config.name === "string" && !/^[a-z0-9-]+$/.test(config.name)) {
      return [error("Invalid file name", "Use lowercase letters, digits and hyphens.", ["name"])];
    }
    // Lets the tests prove a thrown error becomes a diagnostic and that a secret inside it is redacted.
    if (config.content === "explode") throw new Error(`validation blew up near ${String(config.secret)}`);
  },
  async create({ planned, config }, { provider, signal }) {
    if (planned.content === "wait-for-cancel") {
      writeFileSync(join(provider.root, `${String(planned.name)}.started`), "");
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      throw new Error(`create cancelled: ${String((signal.reason as Error)?.message)}`);
    }
    const password = typeof config.password_wo === "string" ? config.password_wo : null;
    return write(provider, planned, randomUUID(), password === null ? null : sha256(password));
  },
  update({ planned, prior, config }, { provider }) {
    const previous = load(provider, prior.name);
    const rotate = planned.password_wo_version !== prior.password_wo_version;
    const password = typeof config.password_wo === "string" ? config.password_wo : null;
    const sha = rotate ? (password === null ? null : sha256(password)) : (previous?.password_sha256 ?? null);
    return write(provider, planned, String(prior.id), sha);
  },
  read({ state }, { provider }) {
    const stored = load(provider, state.name);
    if (stored === null) return null;
    return {
      ...state,
      id: stored.id,
      content: stored.content as FileModel["content"],
      secret: stored.secret as FileModel["secret"],
      password_wo_version: stored.password_wo_version as FileModel["password_wo_version"],
      tags: stored.tags as FileModel["tags"],
      settings: stored.settings as FileModel["settings"],
    };
  },
  delete({ state }, { provider }) {
    rmSync(pathOf(provider, state.name), { force: true });
  },
  importState({ id }) {
    return { name: id };
  },
});

const fileDataSchema = defineSchema({
  version: 0,
  markdownDescription: "Reads a file written by `tfpluginexample_file`.",
  attributes: {
    name: attr.string({ required: true, markdownDescription: "The file's **name**." }),
    id: attr.string({ computed: true }),
    content: attr.string({ computed: true }),
    tags: attr.map("string", { computed: true }),
  },
});

const fileData = defineDataSource<typeof fileDataSchema.attributes, Context>({
  typeName: "tfpluginexample_file",
  schema: fileDataSchema,
  validate({ config }) {
    if (typeof config.name === "string" && !/^[a-z0-9-]+$/.test(config.name)) {
      return [error("Invalid file name", "Use lowercase letters, digits and hyphens.", ["name"])];
    }
  },
  read({ config }, { provider }) {
    const stored = load(provider, config.name);
    if (stored === null) throw new Error(`no file named ${String(config.name)}`);
    return {
      name: config.name,
      id: stored.id,
      content: stored.content as string,
      tags: (stored.tags ?? null) as Record<string, string> | null,
    };
  },
});

const providerSchema = defineSchema({
  version: 0,
  attributes: { root: attr.string({ required: true, description: "Directory holding the files." }) },
});

export const exampleProvider = defineProvider<typeof providerSchema.attributes, Context>({
  typeName: "tfpluginexample",
  schema: providerSchema,
  configure({ config }) {
    if (typeof config.root !== "string" || isUnknown(config.root)) throw new Error("root must be known");
    mkdirSync(config.root, { recursive: true });
    return { root: config.root };
  },
  resources: [file],
  dataSources: [fileData],
});
