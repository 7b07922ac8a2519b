/**
 * Looking up an existing Auth0 App Connection without managing it (a Terraform data source, a read-only reference):
 * by its id, or by its name in a scope. The scope rule is Infisical's own name lookup: without a project, the
 * org-level connection of that name (project-level ones are never found that way). When nothing is found the error
 * says where the lookup looked and, when connections of that name exist in other scopes, which ones, so the user
 * can set the project. Nothing here reads or returns a secret: Infisical never returns the client secret.
 */
import { ConnectionError, type ConnectionErrorParams, isNotFound, isOtherApp, messageOf } from "./errors";
import { isUnknown } from "./model";
import type { Auth0Connection, ConnectionApi } from "./port";
import { nameProblem, suggestSlug } from "./rules";
import { type FieldNamer, coreFieldName } from "./wording";

/** What the user declared (camelCase, values possibly the core's UNKNOWN). */
export interface LookupInput {
  id?: unknown;
  name?: unknown;
  projectId?: unknown;
}

export type LookupRef = { kind: "id"; id: string } | { kind: "name"; name: string; projectId: string | null };

/** Why a lookup's input is refused (code `lookup-invalid`, `params.lookupProblem`). */
export type LookupProblem =
  /** Both id and name are set. */
  | "id-and-name"
  /** Neither id nor name is set. */
  | "neither"
  /** projectId with id: an id is unique in the organization, the project narrows nothing. */
  | "project-without-name"
  /** The id is not a uuid (Infisical's ids are; it answers 422 to anything else). */
  | "id-not-uuid"
  /** The name breaks Infisical's naming rule, so no connection can have it. */
  | "name-invalid"
  /** projectId is an empty string. */
  | "project-empty";

/** Another scope holding an Auth0 connection of the name looked for. */
export interface LookupCandidate {
  id: string;
  /** null: org-level. */
  projectId: string | null;
  /** The project's display name, when Infisical's list gave it. */
  projectName?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isSet = (v: unknown) => v !== undefined && v !== null;

/** The input's rules, checked before any API call; unknown values pass (they are checked again once known). */
export function lookupInputErrors(input: LookupInput, fieldName: FieldNamer = coreFieldName): ConnectionError[] {
  const out: ConnectionError[] = [];
  const refuse = (lookupProblem: LookupProblem, field: string, extra: ConnectionErrorParams = {}) => {
    const params = { lookupProblem, ...extra };
    out.push(
      new ConnectionError("lookup-invalid", explainLookup("lookup-invalid", params, fieldName), { field, params }),
    );
  };
  const { id, name, projectId } = input;
  if (isSet(id) && isSet(name)) refuse("id-and-name", "id");
  if (!isSet(id) && !isSet(name)) refuse("neither", "id");
  if (isSet(id) && !isSet(name) && isSet(projectId)) refuse("project-without-name", "projectId");
  if (typeof id === "string" && !isSet(name) && !UUID.test(id.trim())) refuse("id-not-uuid", "id", { id });
  if (typeof name === "string") {
    const problem = nameProblem(name.trim());
    if (problem) refuse("name-invalid", "name", { name, problem });
  }
  if (typeof projectId === "string" && projectId.trim() === "") refuse("project-empty", "projectId");
  return out;
}

/** The lookup a fully known input asks for; throws the first input error. */
export function lookupRef(input: LookupInput): LookupRef {
  const [first] = lookupInputErrors(input);
  if (first) throw first;
  if ([input.id, input.name, input.projectId].some(isUnknown)) {
    throw new ConnectionError("input-unknown", "The lookup's id, name or projectId is not known yet.");
  }
  if (typeof input.id === "string") return { kind: "id", id: input.id.trim() };
  const projectId = typeof input.projectId === "string" ? input.projectId.trim() : null;
  return { kind: "name", name: String(input.name).trim(), projectId };
}

function refParams(ref: LookupRef): ConnectionErrorParams {
  return ref.kind === "id" ? { id: ref.id } : { name: ref.name, projectId: ref.projectId };
}

/**
 * The Auth0 connections of that name in other scopes than the one looked in (one list request: Infisical lists the
 * org's connections, project-level ones included, when no project is given). A refused list gives no hint.
 */
export async function candidatesElsewhere(
  client: ConnectionApi,
  name: string,
  projectId: string | null,
): Promise<LookupCandidate[] | undefined> {
  try {
    const all = await client.listAuth0Connections();
    return all
      .filter((c) => c.name === name && c.projectId !== projectId)
      .map((c) => ({
        id: c.id,
        projectId: c.projectId,
        ...(c.project?.name ? { projectName: c.project.name } : {}),
      }));
  } catch {
    return undefined;
  }
}

/**
 * Reads one Auth0 connection: by id (one GET), or by name in the scope (one GET; on a miss, one list request to say
 * where connections of that name are). Errors: `lookup-not-found`, `lookup-ambiguous` (no org-level connection of
 * that name, several projects have one), `lookup-other-app` (the id or name is another app's connection).
 */
export async function lookupConnection(client: ConnectionApi, ref: LookupRef): Promise<Auth0Connection> {
  try {
    if (ref.kind === "id") return await client.getAuth0Connection(ref.id);
    return await client.getAuth0ConnectionByName(ref.name, ref.projectId ? { projectId: ref.projectId } : {});
  } catch (e) {
    if (isOtherApp(e)) {
      const params = { ...refParams(ref), infisical: messageOf(e) };
      throw new ConnectionError("lookup-other-app", explainLookup("lookup-other-app", params, coreFieldName), {
        field: ref.kind,
        params,
        cause: e,
      });
    }
    if (!isNotFound(e)) throw e;
  }
  const candidates = ref.kind === "name" ? await candidatesElsewhere(client, ref.name, ref.projectId) : undefined;
  const params = { ...refParams(ref), ...(candidates ? { candidates } : {}) };
  const projects = (candidates ?? []).filter((c) => c.projectId !== null);
  const code =
    ref.kind === "name" && ref.projectId === null && projects.length > 1 ? "lookup-ambiguous" : "lookup-not-found";
  throw new ConnectionError(code, explainLookup(code, params, coreFieldName), {
    field: ref.kind === "name" && projects.length > 0 ? "projectId" : ref.kind,
    params,
  });
}

/** The accepted lookups, in an engine's field names. */
export function lookupForms(name: FieldNamer): string {
  return (
    `Look a connection up by ${name("id")} (its uuid, e.g. 3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d), or by ${name("name")} ` +
    `(e.g. auth0-prod): alone for an org-level connection, with ${name("projectId")} for a project-level one.`
  );
}

/** "project <id> ("<name>")", or the organization for an org-level one. */
export function candidateLabel(c: LookupCandidate): string {
  if (c.projectId === null) return "the organization (org-level)";
  return c.projectName ? `project ${c.projectId} ("${c.projectName}")` : `project ${c.projectId}`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Where the other connections of that name are, and what to set to read one. */
function elsewhere(candidates: LookupCandidate[] | undefined, name: FieldNamer): string {
  if (candidates === undefined) return "";
  if (candidates.length === 0) return " No other scope has an Auth0 App Connection of that name either.";
  const org = candidates.find((c) => c.projectId === null);
  const projects = candidates.filter((c) => c.projectId !== null);
  const parts: string[] = [];
  if (projects.length === 1) {
    const [only] = projects as [LookupCandidate];
    parts.push(
      ` ${capitalized(candidateLabel(only))} has one: set ${name("projectId")} = "${only.projectId}" to read it.`,
    );
  } else if (projects.length > 1) {
    parts.push(
      ` ${projects.length} projects have one: ${projects.map(candidateLabel).join(", ")}. Set ` +
        `${name("projectId")} to the project you mean.`,
    );
  }
  if (org) parts.push(` The organization has an org-level one (id ${org.id}): remove ${name("projectId")} to read it.`);
  return parts.join("");
}

/**
 * The lookup errors' words, naming fields with `name` (Terraform attributes, Pulumi inputs): what was asked, where
 * the lookup looked, and what to set instead.
 */
export function explainLookup(
  code: "lookup-invalid" | "lookup-not-found" | "lookup-ambiguous" | "lookup-other-app",
  p: ConnectionErrorParams,
  name: FieldNamer,
): string {
  const [id, nm, projectId] = [name("id"), name("name"), name("projectId")];
  const where = (projectId: string | null | undefined) => (projectId ? `in project ${projectId}` : "at org level");
  switch (code) {
    case "lookup-invalid":
      switch (p.lookupProblem) {
        case "id-and-name":
          return `Set either ${id} or ${nm}, not both. ${lookupForms(name)}`;
        case "neither":
          return `Set ${id} or ${nm} to say which connection to read. ${lookupForms(name)}`;
        case "project-without-name":
          return (
            `${projectId} only applies to a lookup by ${nm}: an id names one connection in the whole organization. ` +
            `Remove ${projectId}, or look up by ${nm} instead of ${id}.`
          );
        case "id-not-uuid":
          return (
            `${id} ${JSON.stringify(p.id)} is not a connection id (a uuid, e.g. 3f1c2b9e-8d4a-4c1e-9b7a-` +
            `2e5f6a7b8c9d). To look a connection up by its name, set ${nm} instead.`
          );
        case "name-invalid": {
          const hint = suggestSlug(p.name ?? "");
          return (
            `${nm} ${JSON.stringify(p.name)} cannot name a connection: ${p.problem}` +
            `${hint && hint !== p.name ? ` (did you mean "${hint}"?)` : ""}.`
          );
        }
        case "project-empty":
          return `${projectId} is empty: omit it to read the org-level connection of that ${nm}.`;
        default:
          return lookupForms(name);
      }
    case "lookup-not-found":
    case "lookup-ambiguous":
      if (p.name === undefined) {
        return (
          `No Auth0 App Connection with id ${p.id} in the Infisical organization these credentials reach. Check ` +
          `the id (Infisical shows it in the connection's details), or look the connection up by ${nm}.`
        );
      }
      if (p.projectId)
        return `No Auth0 App Connection named "${p.name}" in project ${p.projectId}.${elsewhere(p.candidates, name)}`;
      return (
        `No Auth0 App Connection named "${p.name}" at org level: without ${projectId}, the lookup searches the ` +
        `organization's own connections only, as Infisical's name lookup does.${elsewhere(p.candidates, name)}`
      );
    case "lookup-other-app": {
      const what =
        p.name === undefined
          ? `The App Connection with id ${p.id}`
          : `The App Connection named "${p.name}" ${where(p.projectId)}`;
      return (
        `${what} is not an Auth0 connection (Infisical: ${p.infisical}); only Auth0 App Connections can be read ` +
        `here. Check the ${p.name === undefined ? id : nm}.`
      );
    }
  }
}
