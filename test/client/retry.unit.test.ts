// The retry loop called directly with a scripted next handler and a fake clock: what it logs (method, path without
// query, attempt, reason, wait), what a create's reconcile is told was lost, and errors it must leave alone.
import { describe, expect, it } from "vitest";
import { InfisicalApiError } from "../../provider/infisical/errors";
import type { PipelineRequest, PipelineResponse } from "../../provider/infisical/pipeline";
import { decide, retryMiddleware } from "../../provider/infisical/retry";
import { FakeClock } from "./harness";

const ok: PipelineResponse = { status: 200, headers: {}, body: { fine: true } };
const status = (s: number): PipelineResponse => ({ status: s, headers: {}, body: { message: "x", statusCode: s } });

function run(answers: (PipelineResponse | InfisicalApiError)[], req: PipelineRequest, maxRetries = 2) {
  const logs: unknown[] = [];
  let n = 0;
  const send = retryMiddleware({
    maxRetries,
    maxRetryDelayMs: 60_000,
    clock: new FakeClock(),
    random: () => 0,
    logger: (_level, msg, fields) => logs.push([msg, fields]),
  })(async () => {
    const a = answers[Math.min(n++, answers.length - 1)]!;
    if (a instanceof InfisicalApiError) throw a;
    return a;
  });
  return { result: send(req), logs, calls: () => n };
}

describe("retryMiddleware", () => {
  it("logs each retry with the status as its reason and the path without its query", async () => {
    const { result, logs } = run([status(503), ok], { method: "GET", path: "/a?x=1", auth: true, idempotent: true });
    expect(await result).toBe(ok);
    expect(logs).toEqual([
      ["infisical retry", { method: "GET", path: "/a", attempt: 1, reason: "status 503", wait: 125 }],
    ]);
  });

  it("a create whose answer was lost: reconciled with the lost status in words; a duplicate refusal reconciled too", async () => {
    const told: string[] = [];
    const req: PipelineRequest = {
      method: "POST",
      path: "/c?p=1",
      auth: true,
      idempotent: false,
      reconcile: async (lost) => {
        told.push(lost);
        return undefined;
      },
    };
    const { result, logs } = run([status(502), status(400)], req);
    expect((await result).status).toBe(400);
    expect(told).toEqual(["HTTP 502", "a repeat was refused as a duplicate"]);
    expect(logs[0]).toEqual([
      "infisical outcome unknown, reconciling",
      { method: "POST", path: "/c", attempt: 1, reason: "status 502", wait: 125 },
    ]);
  });

  it("an error that already counts its attempts (an inner login's) keeps its count", async () => {
    const inner = new InfisicalApiError({ kind: "http", status: 400, message: "m", attempts: 7, elapsedMs: 5 });
    const { result } = run([inner], { method: "GET", path: "/a", auth: true, idempotent: true });
    await expect(result).rejects.toMatchObject({ attempts: 7, elapsedMs: 5 });
  });

  it("a final error without a count gets the attempts made", async () => {
    const err = new InfisicalApiError({ kind: "http", status: 400, message: "m" });
    const { result } = run([err], { method: "GET", path: "/a", auth: true, idempotent: true });
    await expect(result).rejects.toMatchObject({ attempts: 1 });
  });
});

describe("decide", () => {
  it("an error of another kind than network or timeout is final, retryable or not", () => {
    const req: PipelineRequest = { method: "GET", path: "/a", auth: true, idempotent: true };
    for (const kind of ["http", "invalid-response", "config"] as const) {
      const err = new InfisicalApiError({ kind, message: "m", retryable: true });
      expect(decide(req, { err }, 1, { maxRetries: 3, maxRetryDelayMs: 1_000 })).toEqual({ action: "done" });
    }
  });
});
