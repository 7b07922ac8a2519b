/**
 * Type-level checks of Auth0AppConnection's per-resource `infisical` input, compiled by types.test.ts (and by
 * `npm run typecheck`): it takes exactly what can be stored in state (host, clientId, clientSecret, token), not the
 * client's options. Each `@ts-expect-error -- <word>: ...` marks a line that must not compile; the test compiles the
 * file once more without the directives and checks that each marked line fails with an error naming <word>.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InfisicalSettingsInput } from "../../provider/infisical/types";
import { Auth0AppConnection, type Auth0AppConnectionArgs } from "../../provider/pulumi";

const credentials = {
  domain: "acme.eu.auth0.com",
  clientId: "m2m-client",
  clientSecret: pulumi.secret("m2m-secret"),
  audience: "https://acme.eu.auth0.com/api/v2/",
};

function withSettings(infisical: Auth0AppConnectionArgs["infisical"]): Auth0AppConnection {
  return new Auth0AppConnection("conn", { credentials, infisical });
}

// Accepted: the four stored settings, as values, Inputs or a whole Output.
withSettings({ host: "https://eu.infisical.com", clientId: "id", clientSecret: pulumi.secret("s") });
withSettings({ token: pulumi.secret("access-token") });
withSettings(pulumi.output({ host: "https://infisical.example.com", token: "t" }));
withSettings(undefined);

// Refused: the client's options that cannot go into state, and anything else.
// @ts-expect-error -- logger: a function cannot be stored in state
withSettings({ host: "https://eu.infisical.com", logger: { log: () => undefined } });
// @ts-expect-error -- requestTimeoutMs: a client option, not a stored setting
withSettings({ requestTimeoutMs: 5_000 });
// @ts-expect-error -- maxRetries: a client option, not a stored setting
withSettings({ maxRetries: 2 });
// @ts-expect-error -- region: no such setting
withSettings({ host: "https://eu.infisical.com", region: "eu" });
// @ts-expect-error -- host: a setting is a string
withSettings({ host: 443 });

// The client's own options type, passed whole (no excess-property check applies to a variable): still refused.
declare const clientOptions: InfisicalSettingsInput;
// @ts-expect-error -- InfisicalSettingsInput: the client's options type holds timeouts, a logger, login methods
withSettings(clientOptions);
// @ts-expect-error -- InfisicalSettingsInput: the same, as an Output
withSettings(pulumi.output(clientOptions));
