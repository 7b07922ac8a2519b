import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index";
import { AUTH0, REQ_ID, api, login } from "./helpers";

describe("emulator rate limits", () => {
  it("sends the rate-limit headers and a 429 envelope with retry-after once the read bucket is spent", async () => {
    const em = await startEmulator({ rateLimit: { read: 3, write: 50, windowMs: 60_000 } });
    try {
      const token = await login(em);
      const remaining: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const res = await api(em.url, "GET", AUTH0, { token });
        expect(res.status).toBe(200);
        expect(res.headers["x-ratelimit-limit"]).toBe("3");
        expect(Number(res.headers["x-ratelimit-reset"])).toBeGreaterThan(0);
        remaining.push(String(res.headers["x-ratelimit-remaining"]));
      }
      expect(remaining).toEqual(["2", "1", "0"]);
      const limited = await api(em.url, "GET", AUTH0, { token });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      expect(limited.headers["x-ratelimit-remaining"]).toBe("0");
      expect(limited.body).toMatchObject({ statusCode: 429, error: "RateLimitExceeded" });
      expect(limited.body.message).toMatch(/^Rate limit exceeded\. Please try again in \d+ seconds$/);
      expect(limited.body.reqId).toMatch(REQ_ID);

      // Writes have their own bucket; the admin surface is never limited.
      const write = await api(em.url, "POST", AUTH0, { token, body: {} });
      expect(write.status).toBe(422);
      expect(write.headers["x-ratelimit-limit"]).toBe("50");
      for (let i = 0; i < 5; i += 1) expect((await em.admin.connections()).length).toBe(0);
    } finally {
      await em.close();
    }
  });

  it("counts login in the write bucket and authenticates before limiting", async () => {
    const em = await startEmulator({ rateLimit: { read: 1, write: 2, windowMs: 60_000 } });
    try {
      const token = await login(em);
      expect((await api(em.url, "POST", AUTH0, { token, body: {} })).status).toBe(422);
      expect((await api(em.url, "POST", AUTH0, { token, body: {} })).status).toBe(429);
      // Unauthenticated requests are refused before the limiter sees them.
      expect((await api(em.url, "POST", AUTH0, { body: {} })).status).toBe(401);
    } finally {
      await em.close();
    }
  });

  it("opens a new window after windowMs", async () => {
    const em = await startEmulator({ rateLimit: { read: 1, write: 10, windowMs: 1_000 } });
    try {
      const token = await login(em);
      expect((await api(em.url, "GET", AUTH0, { token })).status).toBe(200);
      expect((await api(em.url, "GET", AUTH0, { token })).status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await api(em.url, "GET", AUTH0, { token })).status).toBe(200);
    } finally {
      await em.close();
    }
  });

  it("defaults to 60 reads / 200 writes and sends no headers when turned off", async () => {
    const on = await startEmulator();
    const off = await startEmulator({ rateLimit: false });
    try {
      const read = await api(on.url, "GET", AUTH0, { token: await login(on) });
      expect(read.headers["x-ratelimit-limit"]).toBe("60");
      const write = await api(on.url, "POST", "/api/v1/auth/universal-auth/login", { body: on.seed.identity });
      expect(write.headers["x-ratelimit-limit"]).toBe("200");
      const none = await api(off.url, "GET", AUTH0, { token: await login(off) });
      expect(none.status).toBe(200);
      expect(none.headers["x-ratelimit-limit"]).toBeUndefined();
    } finally {
      await on.close();
      await off.close();
    }
  });
});
