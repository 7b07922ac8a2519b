// go-plugin's side of the handshake (go-plugin server.go): the environment Terraform sets and the one stdout line.
import { pemToDer } from "./cert";

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 6;

export const NOT_A_PROGRAM_MESSAGE =
  "This binary is a plugin. These are not meant to be executed directly.\n" +
  "Please execute the program that consumes these plugins, which will\n" +
  "load any plugins automatically\n";

export type Transport = { network: "unix"; path: string } | { network: "tcp"; host: string; port: number };

/** Why the process must not serve, or undefined when Terraform started it. */
export function handshakeProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) return NOT_A_PROGRAM_MESSAGE;
  const versions = env.PLUGIN_PROTOCOL_VERSIONS;
  if (versions !== undefined && versions.trim() !== "") {
    const offered = versions.split(",").map((v) => Number(v.trim()));
    if (!offered.includes(APP_PROTOCOL_VERSION)) {
      return `This plugin speaks protocol version ${APP_PROTOCOL_VERSION}; the client offered ${versions}.\n`;
    }
  }
  if (!env.PLUGIN_CLIENT_CERT) return "PLUGIN_CLIENT_CERT is not set: this plugin only serves over mutual TLS.\n";
  if (!pemToDer(env.PLUGIN_CLIENT_CERT)) return "PLUGIN_CLIENT_CERT holds no PEM certificate.\n";
  return undefined;
}

export function portRange(env: NodeJS.ProcessEnv): { min: number; max: number } {
  const min = Number(env.PLUGIN_MIN_PORT || 10000);
  const max = Number(env.PLUGIN_MAX_PORT || 25000);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min > max) {
    throw new Error(`invalid PLUGIN_MIN_PORT/PLUGIN_MAX_PORT ${env.PLUGIN_MIN_PORT}..${env.PLUGIN_MAX_PORT}`);
  }
  return { min, max };
}

export function handshakeLine(transport: Transport, certField: string): string {
  const address = transport.network === "unix" ? transport.path : `${transport.host}:${transport.port}`;
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${transport.network}|${address}|grpc|${certField}\n`;
}
