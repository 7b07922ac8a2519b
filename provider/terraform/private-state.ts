// What the provider keeps in Terraform's private state for a connection: the credentialsHash its own last credential
// write produced. Kept out of the visible state because it is bookkeeping, not a property of the connection, and it
// is how a credential rewrite made outside Terraform is told apart from our own (see the core's credentialsRewritten).
import type { ConnectionState } from "../connection";

export interface ConnectionPrivate {
  appliedCredentialsHash: string | null;
}

const EMPTY = Buffer.alloc(0);

/**
 * The private state stored beside a state whose credentials_hash is `state.credentialsHash`. Empty when the applied
 * hash is that same hash, or none: an empty private state reads as "nothing recorded", which baselines on the state's
 * own credentials_hash (app-connection.ts, appliedHash), so it means exactly the same. Only a hash that differs (a
 * rewrite outside Terraform seen by a refresh) is written, in the form every version reads.
 * Why: Terraform rewrites the whole state file after each resource an apply changes, so every byte of an instance is
 * paid again for each later one (an apply of 200: the base64 JSON was ~120 of the ~1750 bytes per instance).
 */
export function encodePrivate(state: Pick<ConnectionState, "appliedCredentialsHash" | "credentialsHash">): Buffer {
  const applied = state.appliedCredentialsHash;
  if (applied === null || applied === state.credentialsHash) return EMPTY;
  return Buffer.from(JSON.stringify({ v: 1, appliedCredentialsHash: applied }));
}

/** Empty or unreadable private state (an object imported or written by another tool) decodes as "nothing applied". */
export function decodePrivate(bytes: Buffer): ConnectionPrivate {
  if (bytes.length === 0) return { appliedCredentialsHash: null };
  try {
    const parsed = JSON.parse(bytes.toString("utf8")) as { appliedCredentialsHash?: unknown };
    const hash = parsed.appliedCredentialsHash;
    return { appliedCredentialsHash: typeof hash === "string" ? hash : null };
  } catch {
    return { appliedCredentialsHash: null };
  }
}
