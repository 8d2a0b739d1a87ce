import { describe, expect, it } from "vitest";
import {
  checkCreditCode,
  creditCodeCheckChar,
  isValidCreditCode,
  makeCreditCode,
  normalizeCreditCode,
} from "./creditCode";

describe("统一社会信用代码 (GB 32100-2015)", () => {
  // Published codes of well-known companies (check characters computed by their registries).
  it.each([
    "91330000742906207U", // 浙江吉利控股集团有限公司
    "91440300708461136T", // 腾讯科技（深圳）有限公司
  ])("accepts the real code %s", (code) => {
    expect(checkCreditCode(code)).toBeNull();
  });

  it("computes the check character with weights 3^i mod 31 and 31 - sum mod 31", () => {
    expect(creditCodeCheckChar("91330000742906207")).toBe("U");
    // a check value of 31 maps to "0"
    const body = "9114070000000000";
    for (const c of "0123456789ABCDEFGHJKLMNPQRTUWXY") {
      const code = makeCreditCode("91", "140702", `00000000${c}`);
      expect(isValidCreditCode(code)).toBe(true);
    }
    expect(body.length).toBe(16);
  });

  it("names the first problem found, in Chinese-facing categories", () => {
    expect(checkCreditCode("")).toBe("empty");
    expect(checkCreditCode("9133000074290620")).toBe("length");
    expect(checkCreditCode("91330000742906207I")).toBe("charset"); // I is not in the alphabet
    expect(checkCreditCode("Z1330000742906207U")).toBe("charset");
    expect(checkCreditCode("B1330000742906207U")).toBe("department");
    expect(checkCreditCode("9133A000742906207U")).toBe("region");
    expect(checkCreditCode("91330000742906207T")).toBe("checksum");
  });

  it("normalises case and spaces before checking", () => {
    expect(normalizeCreditCode(" 9133 0000 7429 0620 7u ")).toBe("91330000742906207U");
    expect(isValidCreditCode(" 91330000742906207u")).toBe(true);
  });

  it("rejects every single-character typo of a valid code", () => {
    const good = "91330000742906207U";
    const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (let i = 2; i < 18; i++) {
      for (const c of alphabet) {
        if (c === good[i]) continue;
        if (i >= 2 && i < 8 && !/\d/.test(c)) continue; // region digits: a letter is a region error, also invalid
        const typo = good.slice(0, i) + c + good.slice(i + 1);
        expect(isValidCreditCode(typo), typo).toBe(false);
      }
    }
  });

  it("makeCreditCode builds valid codes and refuses wrong lengths", () => {
    expect(isValidCreditCode(makeCreditCode("91", "140700", "MA0K12345"))).toBe(true);
    expect(() => makeCreditCode("91", "1407", "X")).toThrow();
  });
});
