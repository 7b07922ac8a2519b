import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";

/**
 * A stand-in Kubernetes API server on 127.0.0.1 that answers TokenReviews
 * (`POST /apis/authentication.k8s.io/v1/tokenreviews`) the way a cluster does, for the emulator's Kubernetes login
 * and for client tests. Service-account tokens are opaque strings the test registers; a reviewer token is one
 * allowed to create TokenReviews (`system:auth-delegator`).
 */
export interface FakeServiceAccount {
  namespace: string;
  name: string;
  /** The token's audiences; default `["https://kubernetes.default.svc.cluster.local"]`. */
  audiences?: string[];
  /** This token may review tokens itself (its service account has `system:auth-delegator`). Default false. */
  canReview?: boolean;
}

export interface TokenReviewRequest {
  /** The Bearer the review was made with. */
  bearer: string | undefined;
  body: { apiVersion?: string; kind?: string; spec?: { token?: string; audiences?: string[] } };
}

export interface FakeKubernetes {
  /** `http://127.0.0.1:<port>`: what `kubernetesHost` should be. */
  url: string;
  /** Registers a service-account token. */
  addServiceAccount(token: string, account: FakeServiceAccount): void;
  /** Registers a token reviewer JWT (allowed to create TokenReviews, not itself a reviewable token). */
  addReviewer(token: string): void;
  /** Every TokenReview received, in order. */
  reviews: TokenReviewRequest[];
  /** When set, every TokenReview gets this answer instead (status code and JSON or text body). */
  override: { status: number; body: unknown } | undefined;
  /** When true, requests are never answered (to test the caller's timeout). */
  silent: boolean;
  close(): Promise<void>;
}

const DEFAULT_AUDIENCE = "https://kubernetes.default.svc.cluster.local";

export async function startFakeKubernetes(): Promise<FakeKubernetes> {
  const accounts = new Map<string, FakeServiceAccount>();
  const reviewers = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      if (fake.silent) return;
      if (req.method !== "POST" || req.url !== "/apis/authentication.k8s.io/v1/tokenreviews") {
        return reply(res, 404, status(404, "NotFound", "the server could not find the requested resource"));
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      let body: TokenReviewRequest["body"] = {};
      try {
        body = JSON.parse(raw) as TokenReviewRequest["body"];
      } catch {
        return reply(res, 400, status(400, "BadRequest", "the request body is not JSON"));
      }
      fake.reviews.push({ bearer, body });
      if (fake.override !== undefined) return reply(res, fake.override.status, fake.override.body);
      const reviewer =
        bearer === undefined ? undefined : (accounts.get(bearer) ?? (reviewers.has(bearer) ? "reviewer" : undefined));
      if (reviewer === undefined) return reply(res, 401, status(401, "Unauthorized", "Unauthorized"));
      if (reviewer !== "reviewer" && reviewer.canReview !== true) {
        const user = `system:serviceaccount:${reviewer.namespace}:${reviewer.name}`;
        return reply(
          res,
          403,
          status(
            403,
            "Forbidden",
            `tokenreviews.authentication.k8s.io is forbidden: User "${user}" cannot create resource "tokenreviews" ` +
              `in API group "authentication.k8s.io" at the cluster scope`,
          ),
        );
      }
      reply(res, 201, {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenReview",
        spec: body.spec,
        status: review(body),
      });
    });
  });

  const review = (body: TokenReviewRequest["body"]) => {
    const token = body.spec?.token ?? "";
    const account = accounts.get(token);
    if (account === undefined) return { user: {}, error: "[invalid bearer token, token lookup failed]" };
    const audiences = account.audiences ?? [DEFAULT_AUDIENCE];
    const wanted = body.spec?.audiences;
    if (wanted !== undefined && !wanted.some((a) => audiences.includes(a))) {
      return {
        user: {},
        error: `[invalid bearer token, token audiences ${JSON.stringify(audiences)} is invalid for the target audiences ${JSON.stringify(wanted)}]`,
      };
    }
    return {
      authenticated: true,
      user: {
        username: `system:serviceaccount:${account.namespace}:${account.name}`,
        uid: `uid-${account.namespace}-${account.name}`,
        groups: ["system:serviceaccounts", `system:serviceaccounts:${account.namespace}`, "system:authenticated"],
      },
      audiences: wanted ?? audiences,
    };
  };

  const fake: FakeKubernetes = {
    url: "",
    addServiceAccount: (token, account) => void accounts.set(token, account),
    addReviewer: (token) => void reviewers.add(token),
    reviews: [],
    override: undefined,
    silent: false,
    close: async () => undefined,
  };
  ({ url: fake.url, close: fake.close } = await listenOnLoopback(server));
  return fake;
}

function status(code: number, reason: string, message: string) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
}

function reply(res: ServerResponse, code: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(code, { "content-type": typeof body === "string" ? "text/plain" : "application/json" });
  res.end(text);
}
