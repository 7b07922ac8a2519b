/**
 * Import ids, parsed strictly before any API call: a connection's id (a uuid), its name (an org-level connection),
 * or `<projectId>/<name>` (a project-level one). Names must satisfy Infisical's name rule, so `a/b/c` or `My Conn`
 * is refused with the accepted forms instead of being looked up as something it is not.
 */
import { ConnectionError } from "./errors";
import { nameProblem } from "./rules";

export type ImportRef = { kind: "id"; id: string } | { kind: "name"; name: string; projectId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The accepted forms, in the core's words (`projectId`); adapters list them in their own. */
export const IMPORT_ID_FORMS = [
  "the connection's id, a uuid (e.g. 3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d)",
  "its name, for an org-level connection (e.g. auth0-prod)",
  "<projectId>/<name>, for a project-level connection (e.g. 8b0d5b1e-1234-4cde-9f00-aa11bb22cc33/auth0-prod)",
];

function invalid(importId: string, problem: string): ConnectionError {
  return new ConnectionError(
    "import-id-invalid",
    `Import ID ${JSON.stringify(importId)} is not valid: ${problem}. Use one of: ${IMPORT_ID_FORMS.join("; ")}.`,
    { params: { importId, problem } },
  );
}

export function parseImportId(importId: string): ImportRef {
  const trimmed = importId.trim();
  if (trimmed === "") throw invalid(importId, "it is empty");
  if (UUID.test(trimmed)) return { kind: "id", id: trimmed };
  const parts = trimmed.split("/");
  if (parts.length > 2)
    throw invalid(importId, `it has ${parts.length - 1} slashes; at most one separates project and name`);
  const [projectId, name] = parts.length === 2 ? [parts[0] as string, parts[1] as string] : [null, trimmed];
  if (projectId !== null && (projectId === "" || /\s/.test(projectId))) {
    throw invalid(importId, "the project id before the slash is empty or contains spaces");
  }
  const problem = nameProblem(name);
  if (problem) throw invalid(importId, `${JSON.stringify(name)} is not a connection name (${problem})`);
  return { kind: "name", name, projectId };
}
