// Ad-hoc code signing of a 64-bit Mach-O executable, from any OS.
//
// Why our own code: macOS on Apple silicon kills unsigned arm64 code, and injecting the SEA blob strips Node's
// signature. The tools that sign from Linux (rcodesign, ldid, sigtool) are not on npm or Debian, and the npm signing
// packages (@electron/osx-sign, electron-osx-sign) wrap macOS's own `codesign`. An ad-hoc signature is small: the
// layout below is the one the Go linker writes for darwin/arm64 (cmd/internal/codesign; flags adhoc|linker-signed, one
// CodeDirectory of SHA-256 page hashes, no requirements or entitlements), which `codesign --sign -` also accepts.
import { createHash } from "node:crypto";

const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CS_ADHOC = 0x2;
const CS_LINKER_SIGNED = 0x20000;
const CS_HASHTYPE_SHA256 = 2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const PAGE_SIZE_BITS = 12;
export const CODE_PAGE_SIZE = 1 << PAGE_SIZE_BITS;
const HASH_SIZE = 32;
/** CodeDirectory version 0x20400 (with exec segment fields): its fixed part. */
const CODE_DIRECTORY_SIZE = 88;
const SUPER_BLOB_SIZE = 12 + 8; // header + one blob index
/** Segments are mapped in 16 KiB pages on arm64 (4 KiB on x86_64); rounding to 16 KiB suits both. */
const SEGMENT_ALIGN = 0x4000;

interface Segment {
  name: string;
  /** Offset of the load command in the file. */
  at: number;
  fileoff: number;
  filesize: number;
}

export interface MachOLayout {
  ncmds: number;
  sizeofcmds: number;
  segments: Segment[];
  codeSignature?: { at: number; dataoff: number; datasize: number };
  /** The lowest file offset of section contents: load commands must end before it. */
  firstSectionOffset: number;
}

const segName = (buf: Buffer, at: number) => buf.toString("latin1", at, at + 16).replace(/\0.*$/s, "");

export function readMachO(buf: Buffer): MachOLayout {
  if (buf.length < 32 || buf.readUInt32LE(0) !== MH_MAGIC_64) {
    throw new Error("not a 64-bit little-endian Mach-O file (universal binaries are not supported)");
  }
  const ncmds = buf.readUInt32LE(16);
  const sizeofcmds = buf.readUInt32LE(20);
  const segments: Segment[] = [];
  let codeSignature: MachOLayout["codeSignature"];
  let firstSectionOffset = buf.length;
  let at = 32;
  for (let i = 0; i < ncmds; i++) {
    const cmd = buf.readUInt32LE(at);
    const cmdsize = buf.readUInt32LE(at + 4);
    if (cmd === LC_SEGMENT_64) {
      segments.push({
        name: segName(buf, at + 8),
        at,
        fileoff: Number(buf.readBigUInt64LE(at + 40)),
        filesize: Number(buf.readBigUInt64LE(at + 48)),
      });
      const nsects = buf.readUInt32LE(at + 64);
      for (let s = 0; s < nsects; s++) {
        const offset = buf.readUInt32LE(at + 72 + s * 80 + 48);
        if (offset > 0) firstSectionOffset = Math.min(firstSectionOffset, offset);
      }
    } else if (cmd === LC_CODE_SIGNATURE) {
      codeSignature = { at, dataoff: buf.readUInt32LE(at + 8), datasize: buf.readUInt32LE(at + 12) };
    }
    at += cmdsize;
  }
  return { ncmds, sizeofcmds, segments, codeSignature, firstSectionOffset };
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

/**
 * Returns `macho` with an ad-hoc signature: any existing signature is replaced, an LC_CODE_SIGNATURE command is added
 * in the free space after the load commands when missing, and the signature is appended at the end of __LINKEDIT
 * (which must be the file's last segment).
 */
export function adHocSign(macho: Buffer, identifier: string): Buffer {
  const layout = readMachO(macho);
  const linkedit = layout.segments.find((s) => s.name === "__LINKEDIT");
  const text = layout.segments.find((s) => s.name === "__TEXT");
  if (!linkedit || !text) throw new Error("Mach-O file without __TEXT or __LINKEDIT segment");
  const end = layout.codeSignature ? layout.codeSignature.dataoff : macho.length;
  if (linkedit.fileoff + linkedit.filesize < end || end > macho.length) {
    throw new Error("__LINKEDIT is not the last segment of the file: cannot append a signature");
  }
  const codeLimit = align(end, 16);
  const nSlots = Math.ceil(codeLimit / CODE_PAGE_SIZE);
  const id = Buffer.from(`${identifier}\0`, "utf8");
  const cdLength = CODE_DIRECTORY_SIZE + id.length + nSlots * HASH_SIZE;
  const sigSize = SUPER_BLOB_SIZE + cdLength;
  const out = Buffer.alloc(codeLimit + sigSize);
  macho.copy(out, 0, 0, end);

  let lc = layout.codeSignature?.at;
  if (lc === undefined) {
    lc = 32 + layout.sizeofcmds;
    if (lc + 16 > layout.firstSectionOffset) throw new Error("no room after the load commands for LC_CODE_SIGNATURE");
    out.writeUInt32LE(layout.ncmds + 1, 16);
    out.writeUInt32LE(layout.sizeofcmds + 16, 20);
    out.writeUInt32LE(LC_CODE_SIGNATURE, lc);
    out.writeUInt32LE(16, lc + 4);
  }
  out.writeUInt32LE(codeLimit, lc + 8);
  out.writeUInt32LE(sigSize, lc + 12);
  const linkeditSize = codeLimit + sigSize - linkedit.fileoff;
  out.writeBigUInt64LE(BigInt(linkeditSize), linkedit.at + 48); // filesize
  out.writeBigUInt64LE(BigInt(align(linkeditSize, SEGMENT_ALIGN)), linkedit.at + 32); // vmsize

  // SuperBlob: one index entry, slot 0 (the CodeDirectory) right after it.
  let p = codeLimit;
  p = out.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, p);
  p = out.writeUInt32BE(sigSize, p);
  p = out.writeUInt32BE(1, p);
  p = out.writeUInt32BE(0, p);
  p = out.writeUInt32BE(SUPER_BLOB_SIZE, p);
  // CodeDirectory.
  const hashOffset = CODE_DIRECTORY_SIZE + id.length;
  p = out.writeUInt32BE(CSMAGIC_CODEDIRECTORY, p);
  p = out.writeUInt32BE(cdLength, p);
  p = out.writeUInt32BE(0x20400, p); // version
  p = out.writeUInt32BE(CS_ADHOC | CS_LINKER_SIGNED, p);
  p = out.writeUInt32BE(hashOffset, p);
  p = out.writeUInt32BE(CODE_DIRECTORY_SIZE, p); // identOffset
  p = out.writeUInt32BE(0, p); // nSpecialSlots
  p = out.writeUInt32BE(nSlots, p);
  p = out.writeUInt32BE(codeLimit, p);
  p = out.writeUInt8(HASH_SIZE, p);
  p = out.writeUInt8(CS_HASHTYPE_SHA256, p);
  p = out.writeUInt8(0, p); // platform
  p = out.writeUInt8(PAGE_SIZE_BITS, p);
  p = out.writeUInt32BE(0, p); // spare2
  p = out.writeUInt32BE(0, p); // scatterOffset
  p = out.writeUInt32BE(0, p); // teamOffset
  p = out.writeUInt32BE(0, p); // spare3
  p = out.writeBigUInt64BE(0n, p); // codeLimit64 (codeLimit fits in 32 bits)
  p = out.writeBigUInt64BE(BigInt(text.fileoff), p); // execSegBase
  p = out.writeBigUInt64BE(BigInt(text.filesize), p); // execSegLimit
  p = out.writeBigUInt64BE(BigInt(CS_EXECSEG_MAIN_BINARY), p); // execSegFlags
  p += id.copy(out, p);
  // Page hashes of everything before the signature, after the header edits above.
  for (let page = 0; page < nSlots; page++) {
    const from = page * CODE_PAGE_SIZE;
    createHash("sha256")
      .update(out.subarray(from, Math.min(from + CODE_PAGE_SIZE, codeLimit)))
      .digest()
      .copy(out, p);
    p += HASH_SIZE;
  }
  return out;
}
