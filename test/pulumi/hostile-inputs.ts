// Inputs with `__proto__`, `constructor` and `prototype` keys, shared by the runtime and the provider-host tests.
import type { Props } from "../../tools/pulumi-host";

export const CREDENTIALS = {
  domain: "tenant.us.auth0.com",
  clientId: "client-id",
  clientSecret: "plain-secret-value",
  audience: "https://tenant.us.auth0.com/api/v2/",
};

/** Inputs whose objects own `__proto__`, `constructor` and `prototype` keys (an object literal would not). */
export function hostileInputs(extra: Record<string, unknown> = {}): Props {
  const json = JSON.stringify({ name: "proto-conn", ...extra, credentials: CREDENTIALS });
  return JSON.parse(
    json
      .replace(/^\{/, '{"__proto__":{"description":"from-proto","polluted":"yes"},"constructor":{"x":1},"prototype":2,')
      .replace('"credentials":{', '"credentials":{"__proto__":{"projectId":"p"},"constructor":"c",'),
  ) as Props;
}
