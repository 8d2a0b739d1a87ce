import { describe, expect, it } from "vitest";
import { canonicalInput, CREATE_TOKEN_FIELD, parseCreateToken } from "./createToken";

describe("parseCreateToken", () => {
  it("takes a UUID or any 16–64 letters, digits, - and _", () => {
    expect(parseCreateToken("3f2b9c1e-8a7d-4e6f-9b0a-1c2d3e4f5a6b")).toBe("3f2b9c1e-8a7d-4e6f-9b0a-1c2d3e4f5a6b");
    expect(parseCreateToken("a".repeat(16))).toBe("a".repeat(16));
    expect(parseCreateToken(["abcdefghijklmnop_-", "other"])).toBe("abcdefghijklmnop_-");
  });

  it("refuses missing, short, long or odd tokens", () => {
    for (const bad of [
      undefined,
      null,
      "",
      "short",
      "a".repeat(65),
      "含中文的令牌含中文的令牌含中文的令牌",
      "a b c d e f g h i j",
      42,
      {},
    ])
      expect(parseCreateToken(bad), String(bad)).toBeNull();
  });
});

describe("canonicalInput", () => {
  it("is the same whatever the key order, and leaves the token itself out", () => {
    const a = canonicalInput({ amount: "100", note: "x", [CREATE_TOKEN_FIELD]: "t1".repeat(10) });
    const b = canonicalInput({ note: "x", [CREATE_TOKEN_FIELD]: "t2".repeat(10), amount: "100" });
    expect(a).toBe(b);
  });

  it("differs when any value differs, nested values and arrays included", () => {
    expect(canonicalInput({ amount: "100" })).not.toBe(canonicalInput({ amount: "101" }));
    expect(canonicalInput({ ids: ["1", "2"] })).not.toBe(canonicalInput({ ids: ["2", "1"] }));
    expect(canonicalInput({ f: { a: 1, b: 2 } })).toBe(canonicalInput({ f: { b: 2, a: 1 } }));
  });

  it("reads dates as ISO text and files as nothing", () => {
    expect(canonicalInput({ d: new Date("2017-11-20T01:00:00Z") })).toBe('{"d":"2017-11-20T01:00:00.000Z"}');
    expect(canonicalInput({ f: new Blob(["abc"]) })).toBe('{"f":null}');
  });
});
