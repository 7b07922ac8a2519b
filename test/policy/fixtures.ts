import { AUTH0_APP_CONNECTION_TYPE } from "../../provider/policy";
import { type Resource, secretValue } from "./analyzer-host";

/** Searched for in every diagnostic and log line: it must never show up. */
export const CLIENT_SECRET = "s3cr3t-auth0-client-secret-7f1e";

export interface ConnectionInputs {
  name?: unknown;
  description?: unknown;
  projectId?: unknown;
  credentials?: unknown;
  [key: string]: unknown;
}

/** A connection that passes every policy under the default config, with the stack "dev" of project "billing". */
export function compliantInputs(): ConnectionInputs {
  return {
    name: "billing-dev-auth0",
    description: "Auth0 Management API of the billing team's dev tenant",
    projectId: "proj-billing",
    method: "client-credentials",
    credentials: {
      domain: "billing-dev.eu.auth0.com",
      clientId: "m2m-client-id",
      clientSecret: CLIENT_SECRET,
      audience: "https://billing-dev.eu.auth0.com/api/v2/",
    },
  };
}

/** `compliantInputs()` with overrides; `credentials` overrides merge into the compliant credentials. */
export function inputs(overrides: ConnectionInputs = {}): ConnectionInputs {
  const base = compliantInputs();
  const { credentials, ...rest } = overrides;
  const merged: ConnectionInputs = { ...base, ...rest };
  if (credentials !== undefined) {
    merged.credentials =
      typeof credentials === "object" && credentials !== null
        ? { ...(base.credentials as object), ...(credentials as object) }
        : credentials;
  }
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged;
}

/** The resource as the engine sends it: the client secret marshalled as a secret. */
export function connection(overrides: ConnectionInputs = {}, logicalName = "main"): Resource {
  const props = inputs(overrides);
  const credentials = props.credentials;
  if (typeof credentials === "object" && credentials !== null && "clientSecret" in credentials) {
    props.credentials = {
      ...credentials,
      clientSecret: secretValue((credentials as { clientSecret: unknown }).clientSecret),
    };
  }
  return { type: AUTH0_APP_CONNECTION_TYPE, name: logicalName, props };
}
