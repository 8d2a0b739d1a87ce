import { describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "./creditCode";
import { RegistrationForm, registrationUsername, underRegistrationLimit, REGISTRATION_LIMIT } from "./registration";

const first = "91140702MA0K00001";
const code = first + creditCodeCheckChar(first);
const ok = {
  creditCode: ` ${code.toLowerCase()} `,
  name: "甲公司",
  county: "3",
  contactName: "李四",
  phone: "13912345678",
};

describe("the registration form", () => {
  it("normalises the credit code and maps 市本级 to no county", () => {
    const r = RegistrationForm.safeParse(ok);
    expect(r.success && r.data).toMatchObject({ creditCode: code, county: 3 });
    const city = RegistrationForm.safeParse({ ...ok, county: "city" });
    expect(city.success && city.data.county).toBeNull();
  });

  it("refuses a wrong check digit, a missing county and a bad phone", () => {
    const bad = first + (code.endsWith("0") ? "1" : "0");
    const r = RegistrationForm.safeParse({ ...ok, creditCode: bad, county: "", phone: "12345" });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path[0]);
    expect(paths.sort()).toEqual(["county", "creditCode", "phone"]);
  });
});

describe("the per-address limit", () => {
  const at = new Date("2017-11-20T01:00:00Z");
  const ago = (min: number) => new Date(at.getTime() - min * 60_000);
  it(`allows ${REGISTRATION_LIMIT.perAddress} submissions an hour`, () => {
    expect(underRegistrationLimit([ago(1), ago(2), ago(3), ago(4)], at)).toBe(true);
    expect(underRegistrationLimit([ago(1), ago(2), ago(3), ago(4), ago(59)], at)).toBe(false);
    expect(underRegistrationLimit([ago(1), ago(2), ago(3), ago(4), ago(61)], at)).toBe(true);
  });
});

it("names the account after the credit code", () => {
  expect(registrationUsername(code)).toBe(`ent.${code.toLowerCase()}`);
});
