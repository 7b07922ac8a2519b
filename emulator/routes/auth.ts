import type { EmulatorApp } from "../server";
import type { EmulatorContext } from "../context";
import { loginBody, messageReply, tokenBody, tokenReply } from "../schemas";

/**
 * Logins and token renew/revoke: unauthenticated, in the write rate-limit bucket. Each login method proves who the
 * caller is and then asks `ctx.tokens` for a token, so another method is one more route of this shape.
 */
export function registerAuthRoutes(app: EmulatorApp, ctx: EmulatorContext): void {
  app.post(
    "/api/v1/auth/universal-auth/login",
    { schema: { body: loginBody, response: { 200: tokenReply } } },
    async (req) => ctx.universalAuth.login(req.body.clientId, req.body.clientSecret),
  );

  app.post("/api/v1/auth/token/renew", { schema: { body: tokenBody, response: { 200: tokenReply } } }, async (req) =>
    ctx.tokens.renew(req.body.accessToken),
  );

  app.post(
    "/api/v1/auth/token/revoke",
    { schema: { body: tokenBody, response: { 200: messageReply } } },
    async (req) => {
      await ctx.tokens.revoke(req.body.accessToken);
      return { message: "Successfully revoked access token" };
    },
  );
}
