export { Auth0AppConnection, AUTH0_APP_CONNECTION_TYPE, auth0AppConnectionInputs } from "./resource";
export type {
  Auth0AppConnectionArgs,
  Auth0CredentialsArgs,
  Auth0CredentialsOutput,
  InfisicalSettingsArgs,
} from "./resource";
