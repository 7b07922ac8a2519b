/**
 * How policies read an Auth0AppConnection's inputs without tripping over values that are unknown during preview.
 *
 * @pulumi/policy does not hand unknowns over as `undefined`: its props are a proxy that throws `UnknownValueError` on
 * the first access of an unknown value, and the SDK then reports "can't run policy ... during preview" as an advisory
 * diagnostic and skips every other check of that policy. Reading field by field lets the known fields still be
 * checked and keeps unknowns from producing any diagnostic at all.
 */
import { UnknownValueError } from "@pulumi/policy";
import { UNKNOWN, type Unknown } from "../connection/model";
import { isPulumiUnknown } from "../pulumi/unknown";

/** The Pulumi type token of the dynamic resource, defined once beside it. */
export { AUTH0_APP_CONNECTION_TYPE } from "../pulumi/type-token";

/** The core's marker for a value not known until apply; Pulumi's sentinels become it when read. */
export { UNKNOWN };
/** A value that may be absent (`undefined`) or not known until apply (`UNKNOWN`). */
export type Maybe<T> = T | undefined | Unknown;

function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN || isPulumiUnknown(value);
}

function isUnknownValueError(error: unknown): boolean {
  // A second copy of @pulumi/policy (a pack with its own node_modules) defeats `instanceof`: also match by name.
  return (
    error instanceof UnknownValueError || (error instanceof Error && error.constructor.name === "UnknownValueError")
  );
}

/** `obj[key]`, with unknowns (proxy or sentinel) turned into UNKNOWN. */
export function readField(obj: unknown, key: string): unknown {
  if (isUnknown(obj)) return UNKNOWN;
  if (obj === null || typeof obj !== "object") return undefined;
  let value: unknown;
  try {
    value = (obj as Record<string, unknown>)[key];
  } catch (error) {
    if (isUnknownValueError(error)) return UNKNOWN;
    throw error;
  }
  return isUnknown(value) ? UNKNOWN : value;
}

function readString(obj: unknown, key: string): Maybe<string> {
  const value = readField(obj, key);
  if (value === UNKNOWN) return UNKNOWN;
  return typeof value === "string" ? value : undefined;
}

/** The inputs the policies look at. The client secret is deliberately not part of it. */
export interface ConnectionView {
  /** The name the program sets; the resource defaults it to the logical name, and so do we. */
  name: Maybe<string>;
  description: Maybe<string>;
  /** Absent: an org-level connection. */
  projectId: Maybe<string>;
  domain: Maybe<string>;
  audience: Maybe<string>;
}

export function connectionView(props: unknown, logicalName: string): ConnectionView {
  const name = readString(props, "name");
  const credentials = readField(props, "credentials");
  return {
    name: name === undefined ? logicalName : name,
    description: readString(props, "description"),
    projectId: readString(props, "projectId"),
    domain: readString(credentials, "domain"),
    audience: readString(credentials, "audience"),
  };
}

/**
 * Trims a string input in place (remediation). Writing through the SDK's proxy keeps a secret value secret. Returns
 * whether it changed anything.
 */
export function trimField(props: Record<string, unknown>, key: string): boolean {
  const value = readField(props, key);
  if (typeof value !== "string" || value.trim() === value) return false;
  props[key] = value.trim();
  return true;
}
