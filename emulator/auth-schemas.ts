import { z } from "zod";
import { organizationSlug, parsesAsUrl } from "./schemas";

/**
 * Request and reply schemas of the OIDC, Kubernetes and AWS IAM logins and of their configuration routes (Infisical's
 * `/api/v1/auth/<method>/identities/:identityId` and the emulator's test-only `/__emulator/identities/:id/<method>`).
 */

/* Logins. */

export const jwtLoginBody = z.object({ identityId: z.string().trim(), jwt: z.string().trim(), organizationSlug });

export const awsLoginBody = z.object({
  identityId: z.string().trim(),
  iamHttpRequestMethod: z.string().default("POST"),
  iamRequestBody: z.string(),
  iamRequestHeaders: z.string(),
  organizationSlug,
});

/* Configuration. */

const MAX_TTL = 315_360_000;
const DEFAULT_TTL = 2_592_000;
const TTL_ABOVE_MAX = "Access Token TTL cannot be greater than Access Token Max TTL.";

/** Items trimmed and joined by ", " (Infisical normalises comma lists on write, and splits on ", " to match). */
export const commaList = (value: string): string =>
  value === ""
    ? ""
    : value
        .split(",")
        .map((item) => item.trim())
        .join(", ");

const trustedIps = z.array(z.object({ ipAddress: z.string().trim() })).min(1);
const DEFAULT_TRUSTED_IPS = [{ ipAddress: "0.0.0.0/0" }, { ipAddress: "::/0" }];

/** §8: the token fields every attach body has, with Infisical's defaults (`maxTtlMin` is 1 for AWS, else 0). */
const tokenFields = (maxTtlMin: number) => ({
  accessTokenTrustedIps: trustedIps.default(DEFAULT_TRUSTED_IPS),
  accessTokenTTL: z.number().int().min(0).max(MAX_TTL).default(DEFAULT_TTL),
  accessTokenMaxTTL: z.number().int().min(maxTtlMin).max(MAX_TTL).default(DEFAULT_TTL),
  accessTokenNumUsesLimit: z.number().int().min(0).default(0),
});

const tokenPatchFields = {
  accessTokenTrustedIps: trustedIps.optional(),
  accessTokenTTL: z.number().int().min(0).max(MAX_TTL).optional(),
  accessTokenMaxTTL: z.number().int().min(0).max(MAX_TTL).optional(),
  accessTokenNumUsesLimit: z.number().int().min(0).optional(),
};

const ttlWithinMax = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object(shape)
    .refine(
      (v: { accessTokenTTL?: number; accessTokenMaxTTL?: number }) =>
        v.accessTokenTTL === undefined || !v.accessTokenMaxTTL || v.accessTokenTTL <= v.accessTokenMaxTTL,
      TTL_ABOVE_MAX,
    );

const url = z.string().trim().refine(parsesAsUrl, { message: "Invalid url" });
const audiences = z.string().trim().default("").transform(commaList);
const claims = z
  .record(z.string(), z.string())
  .transform((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, commaList(v)])));

const oidcFields = {
  oidcDiscoveryUrl: url,
  caCert: z.string().trim().default(""),
  boundIssuer: z.string().min(1),
  boundAudiences: audiences,
  boundClaims: claims,
  claimMetadataMapping: z.record(z.string(), z.string()).optional(),
  boundSubject: z.string().default(""),
};
export const oidcAttachBody = ttlWithinMax({ ...oidcFields, ...tokenFields(0) });
export const oidcPatchBody = ttlWithinMax({
  oidcDiscoveryUrl: url.optional(),
  caCert: z.string().trim().optional(),
  boundIssuer: z.string().min(1).optional(),
  boundAudiences: z.string().trim().transform(commaList).optional(),
  boundClaims: claims.optional(),
  claimMetadataMapping: z.record(z.string(), z.string()).optional(),
  boundSubject: z.string().optional(),
  ...tokenPatchFields,
});
/** Test-only: the emulator's own issuer unless told otherwise, no claims bound. */
export const oidcAdminBody = z.preprocess(
  (body) => body ?? {},
  ttlWithinMax({
    ...oidcFields,
    oidcDiscoveryUrl: url.optional(),
    boundIssuer: z.string().min(1).optional(),
    boundClaims: claims.default({}),
    ...tokenFields(0),
  }),
);

const kubernetesHost = z
  .string()
  .trim()
  .min(1)
  .regex(/^[A-Za-z0-9:./-]+$/, "Kubernetes host must only contain letters, digits and the characters : . / -");
const kubernetesFields = {
  kubernetesHost: kubernetesHost.nullable(),
  caCert: z.string().trim().default(""),
  tokenReviewerJwt: z.string().trim().optional(),
  tokenReviewMode: z.enum(["api", "gateway"]).default("api"),
  allowedNamespaces: z.string(),
  allowedNames: z.string(),
  allowedAudience: z.string(),
  gatewayId: z.guid().nullable().optional(),
};
export const kubernetesAttachBody = ttlWithinMax({ ...kubernetesFields, ...tokenFields(0) });
export const kubernetesPatchBody = ttlWithinMax({
  kubernetesHost: kubernetesHost.nullable().optional(),
  caCert: z.string().trim().optional(),
  tokenReviewerJwt: z.string().trim().nullable().optional(),
  tokenReviewMode: z.enum(["api", "gateway"]).optional(),
  allowedNamespaces: z.string().optional(),
  allowedNames: z.string().optional(),
  allowedAudience: z.string().optional(),
  gatewayId: z.guid().nullable().optional(),
  ...tokenPatchFields,
});
/** Test-only: every allow-list may be left out (empty: anything allowed). */
export const kubernetesAdminBody = ttlWithinMax({
  ...kubernetesFields,
  kubernetesHost,
  allowedNamespaces: z.string().default(""),
  allowedNames: z.string().default(""),
  allowedAudience: z.string().default(""),
  ...tokenFields(0),
});

const ACCOUNT_IDS = "Each account ID must be a 12-digit number.";
const PRINCIPAL_ARNS =
  "Each ARN must be in the format of 'arn:aws:iam::123456789012:user/UserName', " +
  "'arn:aws:iam::123456789012:role/RoleName', or 'arn:aws:iam::123456789012:*', " +
  "'arn:aws:sts::123456789012:assumed-role/RoleName'. GovCloud ARNs (arn:aws-us-gov:...) are also supported.";
const ARN =
  /^arn:aws(?:-us-gov)?:(iam|sts)::\d{12}:(user\/[a-zA-Z0-9_.@+*/-]+|role\/[a-zA-Z0-9_.@+*/-]+|assumed-role\/[a-zA-Z0-9_.@+*/-]+|\*)$/;
const everyItem = (test: (item: string) => boolean) => (value: string) =>
  value === "" || value.split(",").every((item) => test(item.trim()));
const accountIds = z
  .string()
  .trim()
  .max(4096)
  .refine(
    everyItem((id) => /^\d{12}$/.test(id)),
    ACCOUNT_IDS,
  )
  .transform(commaList);
const principalArns = z
  .string()
  .trim()
  .max(4096)
  .refine(
    everyItem((arn) => ARN.test(arn)),
    PRINCIPAL_ARNS,
  )
  .transform(commaList);
const awsFields = {
  stsEndpoint: z.string().trim().min(1).default("https://sts.amazonaws.com/"),
  allowedPrincipalArns: principalArns.default(""),
  allowedAccountIds: accountIds.default(""),
};
export const awsAttachBody = ttlWithinMax({ ...awsFields, ...tokenFields(1) });
export const awsPatchBody = ttlWithinMax({
  stsEndpoint: z.string().trim().min(1).optional(),
  allowedPrincipalArns: principalArns.optional(),
  allowedAccountIds: accountIds.optional(),
  ...tokenPatchFields,
});
export const awsAdminBody = z.preprocess((body) => body ?? {}, awsAttachBody);

/* Replies: the configuration as Infisical returns it. */

const rowFields = {
  id: z.string(),
  identityId: z.string(),
  accessTokenTTL: z.number(),
  accessTokenMaxTTL: z.number(),
  accessTokenNumUsesLimit: z.number(),
  accessTokenTrustedIps: z.array(
    z.strictObject({ ipAddress: z.string(), type: z.enum(["ipv4", "ipv6"]), prefix: z.number().optional() }),
  ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const oidcAuthView = z.strictObject({
  ...rowFields,
  oidcDiscoveryUrl: z.string(),
  boundIssuer: z.string(),
  boundAudiences: z.string(),
  boundClaims: z.record(z.string(), z.string()),
  claimMetadataMapping: z.record(z.string(), z.string()).optional(),
  boundSubject: z.string(),
  caCert: z.string(),
});

export const kubernetesAuthView = z.strictObject({
  ...rowFields,
  kubernetesHost: z.string().nullable(),
  caCert: z.string(),
  tokenReviewerJwt: z.string(),
  tokenReviewMode: z.enum(["api", "gateway"]),
  allowedNamespaces: z.string(),
  allowedNames: z.string(),
  allowedAudience: z.string(),
  gatewayId: z.string().nullable(),
});

export const awsAuthView = z.strictObject({
  ...rowFields,
  type: z.literal("iam"),
  stsEndpoint: z.string(),
  allowedPrincipalArns: z.string(),
  allowedAccountIds: z.string(),
});

export const identityIdParams = z.object({ identityId: z.string().trim() });
