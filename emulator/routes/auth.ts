import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context";
import { loginBody, tokenBody } from "../schemas";

/** Universal-auth login and token renew/revoke: unauthenticated, in the write rate-limit bucket. */
export function registerAuthRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/api/v1/auth/universal-auth/login", async (req) => {
    const body = loginBody.parse(req.body);
    return ctx.identities.login(body.clientId, body.clientSecret);
  });

  app.post("/api/v1/auth/token/renew", async (req) => {
    const body = tokenBody.parse(req.body);
    return ctx.identities.renew(body.accessToken);
  });

  app.post("/api/v1/auth/token/revoke", async (req) => {
    const body = tokenBody.parse(req.body);
    ctx.identities.revoke(body.accessToken);
    return { message: "Successfully revoked access token" };
  });
}
