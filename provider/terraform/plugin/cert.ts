// Self-signed X.509 certificate for go-plugin's AutoMTLS, shaped like go-plugin's own (mtls.go): CN and SAN
// DNS:localhost, CA, server+client auth. EC keys: node:crypto makes a P-256 key in ~1 ms where an RSA-2048 key
// takes 80-300 ms. node-forge writes the DER (its asn1 module only: the full library costs ~25 ms to load) and
// node:crypto signs, because forge's certificate signer only knows RSA.
// Measured against maintained X.509 libraries with ECDSA (Node 20, bundled, require + generate one certificate,
// medians of 15): this file 7.7 ms (5.0 ms of it node:crypto's key, signature and PEM export);
// @peculiar/asn1-x509 + @peculiar/asn1-schema 24 ms; @peculiar/x509 (webcrypto, reflect-metadata, tsyringe) 61 ms.
// The certificate is made before the handshake line, whose whole budget is ~45 ms above `node -e ''`: kept.
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type * as Forge from "node-forge";

const asn1 = require("node-forge/lib/asn1") as typeof Forge.asn1;

export type Curve = "P-256" | "P-384" | "P-521";

const CURVES: Record<Curve, { hash: string; signatureOid: string }> = {
  "P-256": { hash: "sha256", signatureOid: "1.2.840.10045.4.3.2" },
  "P-384": { hash: "sha384", signatureOid: "1.2.840.10045.4.3.3" },
  "P-521": { hash: "sha512", signatureOid: "1.2.840.10045.4.3.4" },
};

export interface GeneratedCert {
  certDer: Buffer;
  certPem: string;
  keyPem: string;
}

const { Class, Type } = asn1;
const seq = (...items: Forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
const oid = (dotted: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());
const bin = (bytes: Buffer) => bytes.toString("binary");
const fromDer = (bytes: Buffer) => asn1.fromDer(bin(bytes));

function name(commonName: string): Forge.asn1.Asn1 {
  const rdn = (type: string, value: string) =>
    asn1.create(Class.UNIVERSAL, Type.SET, true, [
      seq(oid(type), asn1.create(Class.UNIVERSAL, Type.UTF8, false, value)),
    ]);
  return seq(rdn("2.5.4.10", "HashiCorp"), rdn("2.5.4.3", commonName));
}

function extension(id: string, critical: boolean, value: Forge.asn1.Asn1): Forge.asn1.Asn1 {
  const der = asn1.toDer(value).getBytes();
  const parts = [oid(id)];
  if (critical) parts.push(asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, "\xff"));
  parts.push(asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, der));
  return seq(...parts);
}

export function generateSelfSignedCert(curve: Curve = "P-256", hostname = "localhost"): GeneratedCert {
  const { hash, signatureOid } = CURVES[curve];
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: curve });
  const serial = serialNumber(randomBytes(16));
  const now = Date.now();
  const algorithm = seq(oid(signatureOid));
  const extensions = [
    // digitalSignature | keyEncipherment | keyCertSign, as go-plugin sets them.
    extension("2.5.29.15", true, asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, "\x02\xa4")),
    extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))),
    extension("2.5.29.19", true, seq(asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, "\xff"))),
    extension("2.5.29.17", false, seq(asn1.create(Class.CONTEXT_SPECIFIC, 2, false, hostname))),
  ];
  const tbs = seq(
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [asn1.create(Class.UNIVERSAL, Type.INTEGER, false, "\x02")]),
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, bin(serial)),
    algorithm,
    name(hostname),
    seq(
      asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(new Date(now - 30_000))),
      asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(new Date(now + 365 * 86_400_000))),
    ),
    name(hostname),
    fromDer(publicKey.export({ type: "spki", format: "der" })),
    asn1.create(Class.CONTEXT_SPECIFIC, 3, true, [seq(...extensions)]),
  );
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), "binary");
  const signature = sign(hash, tbsDer, privateKey);
  const cert = seq(
    fromDer(tbsDer),
    seq(oid(signatureOid)),
    asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, "\x00" + bin(signature)),
  );
  const certDer = Buffer.from(asn1.toDer(cert).getBytes(), "binary");
  return { certDer, certPem: toPem(certDer), keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

/**
 * 128 random bits as the content of a DER INTEGER serial: positive (top bit clear) and minimally encoded (no
 * leading zero byte), as Go's x509 parser requires: clearing the top bit alone leaves a leading 0x00 in 1 of 128
 * serials, non-minimal whenever the next byte is below 0x80 (an earlier hand-written encoder failed 1 in 256
 * handshakes that way; forge's toDer strips such a byte, but the serial must not depend on that).
 */
export function serialNumber(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and never zero: one byte less than 2^127 of entropy is plenty
  return serial;
}

/** The DER of the first certificate in a PEM text (PLUGIN_CLIENT_CERT), or undefined when there is none. */
export function pemToDer(pem: string): Buffer | undefined {
  const match = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem);
  if (!match) return undefined;
  const der = Buffer.from(match[1]!.replace(/\s+/g, ""), "base64");
  return der.length > 0 ? der : undefined;
}

export function toPem(der: Buffer): string {
  const body = der
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "");
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** The handshake's certificate field: DER, base64 without padding (go-plugin uses RawStdEncoding). */
export function handshakeCertField(der: Buffer): string {
  return der.toString("base64").replace(/=+$/, "");
}
