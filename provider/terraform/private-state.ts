// What the provider keeps in Terraform's private state for a connection: the credentialsHash its own last credential
// write produced. Kept out of the visible state because it is bookkeeping, not a property of the connection, and it
// is how a credential rewrite made outside Terraform is told apart from our own (see the core's credentialsRewritten).
export interface ConnectionPrivate {
  appliedCredentialsHash: string | null;
}

export function encodePrivate(value: ConnectionPrivate): Buffer {
  return Buffer.from(JSON.stringify({ v: 1, appliedCredentialsHash: value.appliedCredentialsHash }));
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
