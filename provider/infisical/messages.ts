/**
 * The words of the errors a user must act on, in one place. Settings are named through `settingName` (each engine
 * names its own: Terraform attributes, Pulumi config keys); the default names the option and the environment
 * variable. Built from hosts, ids, codes and Infisical's own error text only, never from a secret.
 */
import type { SettingKey } from "./types";

export type SettingName = (key: SettingKey) => string;

/** `12 ms`, `1.4 s`, `2 min 5 s`. */
function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${min} min ${s} s` : `${min} min`;
}

function attemptsOver(attempts: number | undefined, elapsedMs: number | undefined): string {
  const n = attempts ?? 1;
  const plural = n === 1 ? "1 attempt" : `${n} attempts`;
  return elapsedMs !== undefined && n > 1 ? `${plural} over ${duration(elapsedMs)}` : plural;
}

/** Infisical's lockout as its docs state it (facts: 3 failures → 300 s). */
export const LOCKOUT = { failures: 3, seconds: 300 } as const;

export const words = {
  loginRejected: (host: string, clientId: string, detail: string, name: SettingName) =>
    `Infisical at ${host} refused the universal-auth login of client ID "${clientId}": ${detail}. Check ` +
    `${name("clientId")} and ${name("clientSecret")}. This process will not try again with the same secret: ` +
    `Infisical locks an identity's universal auth for everyone using it after ${LOCKOUT.failures} failed logins.`,

  loginLocked: (host: string, clientId: string, detail: string, name: SettingName) =>
    `Infisical at ${host} has temporarily locked universal-auth login for client ID "${clientId}" after repeated ` +
    `failed logins (${detail}). It locks for about ${LOCKOUT.seconds / 60} minutes after ${LOCKOUT.failures} ` +
    `failures, for every user of this identity. Wait, and make sure every stack, pipeline and tool using this ` +
    `identity has the right secret (${name("clientSecret")}).`,

  notInfisical: (host: string, request: string, answer: string, name: SettingName) =>
    `The server at ${host} is not answering as Infisical does: ${request} got ${answer}. Check ${name("host")}: ` +
    `it must be the address of your Infisical server (e.g. https://app.infisical.com or ` +
    `https://eu.infisical.com; the API lives under /api).`,

  unreachable: (
    host: string,
    request: string,
    what: string,
    attempts: number | undefined,
    elapsedMs: number | undefined,
    name: SettingName,
  ) =>
    `Could not reach Infisical at ${host}: ${what} (${request}, ${attemptsOver(attempts, elapsedMs)}). Check ` +
    `${name("host")}, and that Infisical is running and reachable from this machine.`,

  /** A network failure after the request may have been sent (reset, timeout): the count says how hard we tried. */
  gaveUp: (message: string, attempts: number | undefined, elapsedMs: number | undefined) =>
    `${message}; gave up after ${attemptsOver(attempts, elapsedMs)}`,

  fixedTokenRejected: (detail: string, name: SettingName) =>
    `Infisical refused the access token (${name("token")}): it is invalid or expired (${detail}). Set a fresh ` +
    `token, or use universal auth (${name("clientId")} and ${name("clientSecret")}) so the client can log in again.`,

  freshTokenRejected: (detail: string, relogins: number) =>
    `Infisical refused the universal-auth access token even after ${relogins === 1 ? "a fresh login" : `${relogins} fresh logins`} ` +
    `(${detail}).`,

  createOutcomeUnknown: (name: string, scope: string, lost: string, lookup: string) =>
    `The create of App Connection "${name}" in ${scope} may or may not have happened: its answer was lost ` +
    `(${lost}) and looking it up by name failed too (${lookup}). The connection MAY exist in Infisical.`,
};

export function scopeLabel(projectId: string | null | undefined): string {
  return projectId ? `project ${projectId}` : "the organization (org-level)";
}
