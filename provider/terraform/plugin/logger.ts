// Provider logs go to stderr as hclog JSON lines: go-plugin parses them and Terraform shows them under
// TF_LOG / TF_LOG_PROVIDER with the right level. stdout is reserved for the handshake line.
// Callers pass method names, type names and timings only: never attribute values.
export type Level = "trace" | "debug" | "info" | "warn" | "error";

const ORDER: Record<Level | "off", number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };

function threshold(env: NodeJS.ProcessEnv): number {
  const raw = (env.TF_LOG_PROVIDER ?? env.TF_LOG ?? "").trim().toLowerCase();
  if (raw === "json") return ORDER.trace;
  return raw in ORDER ? ORDER[raw as Level] : ORDER.warn;
}

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, string | number | boolean>): void;
  enabled(level: Level): boolean;
}

export function createLogger(
  module: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  const min = threshold(env);
  return {
    enabled: (level) => ORDER[level] >= min,
    log(level, message, fields = {}) {
      if (ORDER[level] < min) return;
      const entry = { "@level": level, "@message": message, "@module": module, "@timestamp": timestamp() };
      write(JSON.stringify({ ...entry, ...fields }) + "\n");
    },
  };
}

// go-plugin parses "@timestamp" with Go layout 2006-01-02T15:04:05.000000Z07:00 (six fraction digits) and drops
// the whole line to raw text if it does not match.
function timestamp(): string {
  return new Date().toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
