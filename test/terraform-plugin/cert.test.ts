// The AutoMTLS certificate: every one parses, and its serial is a minimally encoded positive DER INTEGER (an earlier
// encoder left a leading zero byte in 1 of 256 certificates, which Go's and OpenSSL's parsers reject).
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateSelfSignedCert, pemToDer, serialNumber } from "../../provider/terraform/plugin/cert";

/** Length and offset of the content of the DER element at `offset`. */
function element(der: Buffer, offset: number): { tag: number; start: number; length: number } {
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = der.readUIntBE(start, bytes);
    start += bytes;
  }
  return { tag, start, length };
}

/** The serial INTEGER's content bytes: Certificate > TBSCertificate > [0] version, then the serial. */
function serialBytes(der: Buffer): Buffer {
  const tbs = element(der, element(der, 0).start);
  const version = element(der, tbs.start);
  const serial = element(der, version.start + version.length);
  if (version.tag !== 0xa0 || serial.tag !== 0x02) throw new Error("not a v3 certificate");
  return der.subarray(serial.start, serial.start + serial.length);
}

/** Positive, at most 20 bytes (RFC 5280), no redundant leading zero byte. */
function minimalPositive(bytes: Buffer): boolean {
  if (bytes.length === 0 || bytes.length > 20 || bytes[0]! & 0x80) return false;
  return !(bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0);
}

describe("AutoMTLS certificate", () => {
  it("makes a minimal positive serial from any random bytes, whatever its first two bytes", () => {
    const random = Buffer.alloc(16, 0x5a);
    const bad: string[] = [];
    for (let first = 0; first < 256; first++) {
      for (let second = 0; second < 256; second++) {
        random[0] = first;
        random[1] = second;
        const serial = serialNumber(random);
        if (!minimalPositive(serial) || !serial.subarray(1).equals(random.subarray(1)))
          bad.push(random.toString("hex"));
      }
    }
    expect(bad).toEqual([]);
  });

  it("generates thousands of certificates that node:crypto parses, each with a well-encoded serial", () => {
    const bad: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const cert = generateSelfSignedCert("P-256");
      try {
        const x509 = new X509Certificate(cert.certDer); // OpenSSL rejects a non-minimal INTEGER
        const serial = serialBytes(cert.certDer);
        const sameSerial = BigInt(`0x${x509.serialNumber}`) === BigInt(`0x${serial.toString("hex")}`);
        if (!minimalPositive(serial) || !sameSerial || x509.subjectAltName !== "DNS:localhost") throw new Error("bad");
        if (!pemToDer(cert.certPem)?.equals(cert.certDer)) throw new Error("PEM does not hold the DER");
      } catch (err) {
        bad.push(`${(err as Error).message}: ${cert.certDer.toString("base64")}`);
      }
    }
    expect(bad).toEqual([]);
  }, 120_000);

  it("finds no certificate in text without one", () => {
    expect(pemToDer("")).toBeUndefined();
    expect(pemToDer("not a certificate")).toBeUndefined();
    expect(pemToDer("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")).toBeUndefined();
  });
});
