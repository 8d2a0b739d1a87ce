import { describe, expect, it } from "vitest";
import { makeCreditCode } from "./creditCode";
import { looksLikeCreditCode, maskPhone, parseEnterpriseSearch } from "./enterpriseSearch";

describe("enterprise search text", () => {
  const code = makeCreditCode("91", "140700", "MA0K12345");
  it("a valid credit code is an exact lookup, whatever its case and spaces", () => {
    expect(parseEnterpriseSearch(` ${code.toLowerCase().slice(0, 9)} ${code.slice(9)} `)).toEqual({
      kind: "code",
      code,
    });
  });
  it("a code with a wrong check digit is refused with the reason, in Chinese", () => {
    const wrong = code.slice(0, 17) + (code[17] === "1" ? "2" : "1");
    expect(parseEnterpriseSearch(wrong)).toEqual({ kind: "badCode", message: "统一社会信用代码校验位不正确，请核对" });
  });
  it("anything else is a name search; empty is no search", () => {
    expect(parseEnterpriseSearch("吉利")).toEqual({ kind: "name", text: "吉利" });
    expect(parseEnterpriseSearch("ABCDEFGHJKLMNPQRTU")).toEqual({ kind: "name", text: "ABCDEFGHJKLMNPQRTU" });
    expect(parseEnterpriseSearch("  ")).toEqual({ kind: "none" });
    expect(looksLikeCreditCode("91140700MA0K1234")).toBe(false);
  });
  it("masks phones to the first three and last four digits", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("0354-3012345")).toBe("035****2345");
    expect(maskPhone("12345")).toBe("****");
    expect(maskPhone(null)).toBeNull();
  });
});
