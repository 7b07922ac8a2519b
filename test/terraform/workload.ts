// Shared by the workload-identity Terraform tests: a provider environment with no Infisical setting of the machine
// running the tests, and the search of a workspace's output, trace log and state for credentials.
import type { RunningEmulator } from "../../emulator/types";
import { credentialsShown } from "../client/harness";
import type { Workspace } from "./harness";

/** Only the host: every credential comes from the provider block or the variables a test adds. */
export function infisicalEnv(emu: RunningEmulator): NodeJS.ProcessEnv {
  return {
    INFISICAL_HOST: emu.url,
    INFISICAL_TOKEN: "",
    INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: "",
    INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: "",
    INFISICAL_AUTH_METHOD: "",
    INFISICAL_MACHINE_IDENTITY_ID: "",
    INFISICAL_AUTH_JWT: "",
    INFISICAL_OIDC_AUTH_TOKEN_NAME: "",
    INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN: "",
    INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: "",
    ACTIONS_ID_TOKEN_REQUEST_URL: "",
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "",
  };
}

/** What terraform's output, its trace log and the state show of `secrets` or of any JWT (a test expects none). */
export function workspaceCredentials(ws: Workspace, secrets: readonly string[]): string[] {
  return credentialsShown({ output: ws.transcript, trace: ws.traceLog(), state: ws.state() }, secrets);
}
