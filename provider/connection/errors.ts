/**
 * Errors the core raises: a code an adapter can word for its users (Terraform attribute names, Pulumi inputs), the
 * field it is about, and the facts (`params`). The core's own message is engine-neutral and complete, for callers
 * that use the core directly. Nothing here ever carries a secret: messages and params are built from names, ids and
 * Infisical's own (secret-free) error texts only.
 */
import type { LookupCandidate, LookupProblem } from "./lookup";
import type { ConnectionApiFailure } from "./port";

export type ConnectionErrorCode =
  /** Inputs fail Infisical's rules at apply time (preview/validate reports them earlier). */
  | "invalid-input"
  /** Some input is still unknown when the connection has to be written. */
  | "input-unknown"
  /** Create met "already exists" and the existing connection could not be looked at. */
  | "name-taken"
  /** Create met "already exists": an Auth0 connection with exactly the declared name, description and credentials. */
  | "name-taken-identical"
  /** Create met "already exists": an Auth0 connection that differs from the declaration (`params.fields`). */
  | "name-taken-different"
  /** The name belongs to a connection of another app (AWS, GitHub, ...): it cannot be adopted. */
  | "name-taken-other-app"
  /** The create's answer was lost and the look-up that should have settled it failed: it may exist. */
  | "create-outcome-unknown"
  /** A rename met "already exists". */
  | "rename-taken"
  /** The connection was deleted outside the tool between refresh and update. */
  | "gone-on-update"
  /** Delete refused: Infisical still uses the connection (syncs, rotations). */
  | "in-use"
  /** An update was asked for a change that needs a replacement (a bug in the caller: plan says replace). */
  | "replace-required"
  /** An import id that is none of the accepted forms. */
  | "import-id-invalid"
  /** An import id of an accepted form that names no Auth0 connection. */
  | "import-not-found"
  /** Infisical's live check could not get an Auth0 token with the credentials. */
  | "auth0-rejected"
  /** A lookup (by id, or by name in a scope) whose input breaks a rule (`params.lookupProblem`). */
  | "lookup-invalid"
  /** A lookup found no Auth0 connection (`params.candidates`: the other scopes with one of that name). */
  | "lookup-not-found"
  /** A lookup by name without a project: no org-level connection, several projects have one. */
  | "lookup-ambiguous"
  /** A lookup's id or name is a connection of another app. */
  | "lookup-other-app";

/** Why Auth0 (through Infisical) refused the credentials. */
export type Auth0Rejection =
  /** Auth0 answered 401: client ID or secret wrong (or the domain is another tenant). */
  | "unauthorized"
  /** Auth0 answered 403: usually the application has no grant for the audience. */
  | "forbidden"
  /** The domain does not resolve. */
  | "domain-not-found"
  /** The domain answered, but not with a Bearer token: not an Auth0 token endpoint, or an odd audience. */
  | "token-type"
  /** Another failure of the token request (connection refused, other status, private address). */
  | "other";

/** The facts an adapter needs to word an error; which keys are set depends on the code. */
export interface ConnectionErrorParams {
  /** The connection's name (declared or recorded). */
  name?: string;
  /** The scope: null for org-level; absent when not relevant. */
  projectId?: string | null;
  /** The connection's id, when known (an existing one for name-taken-identical, the managed one otherwise). */
  id?: string;
  /** name-taken-different: the declared fields the existing connection differs in; replace-required: the fields
   * that cannot change in place (core paths). */
  fields?: string[];
  /** invalid-input: each failure (core path and message). */
  failures?: { path: string; message: string }[];
  /** import-*: the import id as given; import-id-invalid and lookup-invalid (a bad name): what is wrong with it. */
  importId?: string;
  problem?: string;
  /** auth0-rejected: what went wrong, and the tenant host when known. */
  rejection?: Auth0Rejection;
  host?: string;
  /** Infisical's own error text (never holds a secret). */
  infisical?: string;
  /** lookup-invalid: what is wrong with the lookup's input. */
  lookupProblem?: LookupProblem;
  /** lookup-not-found, lookup-ambiguous, import-not-found: the other scopes with an Auth0 connection of that name
   * (when Infisical's list could be read). */
  candidates?: LookupCandidate[];
}

export class ConnectionError extends Error {
  readonly code: ConnectionErrorCode;
  /** The field the error is about, as a core camelCase input path (`credentials.audience`), when there is one. */
  readonly field: string | undefined;
  readonly params: ConnectionErrorParams;

  constructor(
    code: ConnectionErrorCode,
    message: string,
    init: { field?: string; params?: ConnectionErrorParams; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ConnectionError";
    this.code = code;
    this.field = init.field;
    this.params = init.params ?? {};
  }
}

export function isConnectionError(e: unknown): e is ConnectionError {
  return e instanceof ConnectionError;
}

function asFailure(e: unknown): ConnectionApiFailure | undefined {
  return typeof e === "object" && e !== null && typeof (e as ConnectionApiFailure).status === "number"
    ? (e as ConnectionApiFailure)
    : undefined;
}

export function apiStatus(e: unknown): number | undefined {
  return asFailure(e)?.status;
}

export function isNotFound(e: unknown): boolean {
  return apiStatus(e) === 404;
}

function badRequestMatching(e: unknown, pattern: RegExp): boolean {
  const failure = asFailure(e);
  return failure?.status === 400 && pattern.test(failure.message);
}

export function isDuplicateName(e: unknown): boolean {
  return badRequestMatching(e, /already exists/i);
}

export function isInUse(e: unknown): boolean {
  return badRequestMatching(e, /existing connections/i);
}

/** The name or id belongs to a connection of another app (`... is not for App "auth0"`). */
export function isOtherApp(e: unknown): boolean {
  return badRequestMatching(e, /is not for App/i);
}

/**
 * Whether a failed create may nevertheless have created the connection. The client says so (`reason`); until every
 * client does, it is read from the failure itself: a 5xx (the server may have committed before failing), a network
 * failure or timeout of a request that may have reached the server, or a failure of the reconciling look-up (any
 * request other than the POST). A refused connection on the POST itself, or a POST never sent because its login
 * failed (whatever the login's status), certainly created nothing.
 */
export function isCreateOutcomeUnknown(e: unknown): boolean {
  const failure = asFailure(e);
  if (!failure || failure.notSent === true) return false;
  if (failure.reason === "create-outcome-unknown") return true;
  if (failure.kind === "config" || failure.kind === "invalid-response") return false;
  if (failure.status >= 500) return true;
  if (failure.kind !== "network" && failure.kind !== "timeout") return false;
  return failure.maybeProcessed === true || (failure.method !== undefined && failure.method !== "POST");
}

const AUTH0_REJECTIONS: [RegExp, Auth0Rejection][] = [
  [/status code 401\b/, "unauthorized"],
  [/status code 403\b/, "forbidden"],
  [/ENOTFOUND|EAI_AGAIN/, "domain-not-found"],
  [/Unhandled token type/i, "token-type"],
  [/^Request failed with status code|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Local IPs not allowed/i, "other"],
];

/**
 * Infisical's live Auth0 check answers a failed token request with a 400 whose message is its HTTP client's text
 * (`Request failed with status code 401`, `getaddrinfo ENOTFOUND <host>`, `Unhandled token type: X`).
 */
export function auth0Rejection(e: unknown): Auth0Rejection | undefined {
  const failure = asFailure(e);
  if (failure?.status !== 400) return undefined;
  return AUTH0_REJECTIONS.find(([pattern]) => pattern.test(failure.message))?.[1];
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
