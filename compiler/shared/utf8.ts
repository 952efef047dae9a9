/**
 * UTF-8 decoding that never hides a bad byte. Valid text decodes as usual; each byte that is not
 * part of a valid UTF-8 sequence becomes the lone surrogate U+DC80–U+DCFF (Python's
 * "surrogateescape"), which valid UTF-8 can never produce, so the loader reports it at its exact
 * position as invalid UTF-8 (IC1013) instead of reading a silent U+FFFD.
 */

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decode `bytes`; invalid bytes become U+DC80 + byte. A leading BOM is kept (the loader drops it). */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return decodeEscaping(bytes);
  }
}

/** Whether a raw-text code unit stands for an invalid UTF-8 byte; returns the byte or -1. */
export function escapedByte(codeUnit: number): number {
  return codeUnit >= 0xdc80 && codeUnit <= 0xdcff ? codeUnit - 0xdc00 : -1;
}

function decodeEscaping(b: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const n = sequenceLength(b, i);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + b[i]);
      i++;
    } else {
      out += strict.decode(b.subarray(i, i + n));
      i += n;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at `i` (RFC 3629: no overlongs, surrogates or > U+10FFFF), or 0. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    if (c === 0xe0 && b[i + 1] < 0xa0) return 0; // overlong
    if (c === 0xed && b[i + 1] >= 0xa0) return 0; // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c === 0xf0 && b[i + 1] < 0x90) return 0; // overlong
    if (c === 0xf4 && b[i + 1] >= 0x90) return 0; // beyond U+10FFFF
    return 4;
  }
  return 0;
}
