import type { RequestLogEntry } from "./types";

/** What tests inspect to count API calls: never values, only the top-level body keys. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

export function bodyKeysOf(body: unknown): string[] {
  return body !== null && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [];
}
