/** Invalid UTF-8 is refused at the byte, never read as a silent U+FFFD (issue 18, class 1). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createNodeHost } from "../../compiler/host.js";
import { compile } from "../../compiler/program.js";
import { decodeUtf8, escapedByte } from "../../compiler/shared/utf8.js";

const bytes = (...b: number[]) => Uint8Array.from(b);

describe("decodeUtf8", () => {
  it("decodes valid text exactly as TextDecoder does, astral characters and BOM included", () => {
    const text = "\ufeffcafé 😀 ok";
    expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text);
  });

  it("turns each byte outside a valid sequence into U+DC80 + byte, and keeps the valid rest", () => {
    const cases: [Uint8Array, number[]][] = [
      [bytes(0x61, 0xe9, 0x62), [0xe9]], // Latin-1 é
      [bytes(0xc0, 0xaf), [0xc0, 0xaf]], // overlong '/'
      [bytes(0xed, 0xa0, 0x80), [0xed, 0xa0, 0x80]], // an encoded UTF-16 surrogate
      [bytes(0xf4, 0x90, 0x80, 0x80), [0xf4, 0x90, 0x80, 0x80]], // beyond U+10FFFF
      [bytes(0x61, 0xe2, 0x82), [0xe2, 0x82]], // truncated at the end
      [bytes(0xff), [0xff]],
    ];
    for (const [input, bad] of cases) {
      const out = decodeUtf8(input);
      const escaped = [...out].map((c) => escapedByte(c.charCodeAt(0))).filter((b) => b >= 0);
      expect(escaped, Buffer.from(input).toString("hex")).toEqual(bad);
      expect(out).not.toContain("\ufffd");
    }
    expect(decodeUtf8(bytes(0x61, 0xe9, 0x62))).toBe("a\udce9b");
  });
});

describe("an intent file with invalid UTF-8", () => {
  it("gives IC1013 at the bad byte, naming it", () => {
    const root = mkdtempSync(join(tmpdir(), "intentc-utf8-"));
    try {
      mkdirSync(join(root, "intent"));
      const head = Buffer.from("intent: 1\ndomain: shop\nversion: 1.0.0\nsummary: caf", "utf8");
      writeFileSync(
        join(root, "intent/shop.intent.yaml"),
        Buffer.concat([head, bytes(0xe9), Buffer.from(" ok\n")]),
      );
      const r = compile(createNodeHost(root), { dir: "intent" });
      expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
        ["IC1013", 4, 13, "Intent files cannot contain invalid UTF-8 (byte 0xE9)."],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
