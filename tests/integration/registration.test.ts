// 企业自助注册 (issue 15 §3, docs/decisions/120) through the real loaders and actions on the seeded database: the
// public form (check digit, licence sniffing, duplicates answered alike, the per-address limit), the county's
// queue and scope, refusal with a reason, approval creating or linking the enterprise and an account whose
// one-time password must be changed, every step audited.
import { describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "~/domain/creditCode";
import { DUPLICATE_CODE_MESSAGE, REGISTRATION_RATE_MESSAGE } from "~/domain/registration";
import { action as registerAction, loader as registerLoader } from "~/routes/register";
import { action as decideAction, loader as detailLoader } from "~/routes/_app.registrations.$registrationId/route";
import { loader as listLoader } from "~/routes/_app.registrations._index/route";
import { loader as licenceLoader } from "~/routes/resources.registration-licence.$registrationId";
import { login } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { postForm, postMultipart, requestAs, run } from "../support/requests";

const PDF = new TextEncoder().encode("%PDF-1.4\n% 营业执照\n");
let addressNo = 0;

/** A valid credit code (check digit computed) for the n-th test enterprise. */
function code(n: number): string {
  const first = `91140702MA0K${String(n).padStart(5, "0")}`;
  return first + creditCodeCheckChar(first);
}

async function yuciId() {
  return (await prisma.county.findFirstOrThrow({ where: { users: { some: { username: "county.yuci" } } } })).id;
}

async function apply(
  fields: Partial<Record<"creditCode" | "name" | "county" | "contactName" | "phone", string>>,
  opts: { ip?: string; file?: { name: string; bytes: Uint8Array<ArrayBuffer> } | null } = {},
) {
  const county = fields.county ?? String(await yuciId());
  const request = await postMultipart(
    null,
    "/register",
    {
      creditCode: code(1),
      name: "晋中测试新材料有限公司",
      contactName: "李四",
      phone: "13912345678",
      ...fields,
      county,
    },
    opts.file === null
      ? undefined
      : {
          field: "licence",
          name: opts.file?.name ?? "执照.pdf",
          type: "application/pdf",
          bytes: opts.file?.bytes ?? PDF,
        },
  );
  const ip = opts.ip ?? `198.51.100.${++addressNo}`;
  return run(() => registerAction({ request, params: {}, context: { clientAddress: ip } }));
}

type Failure = { fieldErrors: Record<string, string>; formError: string | null };

async function decide(username: string, id: number, fields: Record<string, string>) {
  const request = await postForm(username, `/registrations/${id}`, fields);
  return run(() => decideAction({ request, params: { registrationId: String(id) }, context: {} }));
}

describe("the public form", () => {
  it("is open without signing in and sends a signed-in user home", async () => {
    const open = await run(() =>
      registerLoader({ request: new Request("http://localhost/register"), params: {}, context: {} }),
    );
    expect(open.status).toBe(200);
    const signed = await run(async () =>
      registerLoader({ request: await requestAs("bureau", "/register"), params: {}, context: {} }),
    );
    expect(signed.status).toBe(302);
  });

  it("takes an application with a licence, audits it and tells the county", async () => {
    const r = await apply({ creditCode: code(1) });
    expect(r.status).toBe(200);
    const row = await prisma.enterpriseRegistration.findFirstOrThrow({ where: { creditCode: code(1) } });
    expect(row).toMatchObject({
      status: "PENDING",
      pendingCode: code(1),
      countyId: await yuciId(),
      licenceMime: "application/pdf",
    });
    const a = await prisma.auditEvent.findFirstOrThrow({
      where: { entity: "EnterpriseRegistration", entityId: String(row.id), action: "REGISTRATION_SUBMIT" },
    });
    expect(a.actorId).toBeNull();
    const yuci = await prisma.user.findUniqueOrThrow({ where: { username: "county.yuci" } });
    expect(
      await prisma.notification.count({
        where: { userId: yuci.id, kind: "REGISTRATION", link: `/registrations/${row.id}` },
      }),
    ).toBe(1);
  });

  it("refuses a duplicate code with one answer that names nobody, for a pending application and an existing account alike", async () => {
    const again = await apply({ creditCode: code(1), name: "另一个名字" });
    expect(again.status).toBe(409);
    const geely = await prisma.enterprise.findFirstOrThrow({
      where: { users: { some: { username: "ent.geely" } } },
      select: { creditCode: true, name: true },
    });
    const existing = await apply({ creditCode: geely.creditCode, name: "随便写的名字" });
    expect(existing.status).toBe(409);
    const shape = (d: unknown) => {
      const f = d as Failure & { values?: unknown };
      return { fieldErrors: f.fieldErrors, formError: f.formError };
    };
    expect(shape(again.data)).toEqual({ fieldErrors: { creditCode: DUPLICATE_CODE_MESSAGE }, formError: null });
    expect(shape(existing.data)).toEqual(shape(again.data));
    expect(JSON.stringify(existing.data)).not.toContain(geely.name);
    expect(
      await prisma.enterpriseRegistration.count({ where: { creditCode: { in: [code(1), geely.creditCode] } } }),
    ).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "REGISTRATION_REFUSED_DUPLICATE" } })).toBe(2);
  });

  it("checks the credit code's check digit, the fields and the licence's bytes", async () => {
    const bad = code(2).slice(0, 17) + (code(2)[17] === "0" ? "1" : "0");
    const r = await apply({ creditCode: bad, contactName: "", phone: "12" });
    expect(r.status).toBe(400);
    const fe = (r.data as Failure).fieldErrors;
    expect(fe.creditCode).toBe("统一社会信用代码校验位不正确，请核对");
    expect(fe.contactName).toBe("请填写联系人姓名");
    expect(fe.phone).toMatch(/有效的手机号/);

    const fake = await apply(
      { creditCode: code(2) },
      { file: { name: "执照.pdf", bytes: new TextEncoder().encode("MZ not a pdf") } },
    );
    expect(fake.status).toBe(400);
    expect((fake.data as Failure).fieldErrors.licence).toBe("附件只能是 PDF、JPG 或 PNG 文件");
    const none = await apply({ creditCode: code(2) }, { file: null });
    expect(none.status).toBe(400);
    expect((none.data as Failure).fieldErrors.licence).toMatch(/营业执照/);
    const noCounty = await apply({ creditCode: code(2), county: "999999" });
    expect((noCounty.data as Failure).fieldErrors.county).toBe("请选择所在县区");
    expect(await prisma.enterpriseRegistration.count({ where: { creditCode: code(2) } })).toBe(0);
  });

  it("stops an address after five submissions in an hour (429), whatever their outcome", async () => {
    const ip = "203.0.113.77";
    for (let i = 0; i < 5; i++) expect((await apply({ creditCode: code(1) }, { ip })).status).toBe(409);
    const sixth = await apply({ creditCode: code(3) }, { ip });
    expect(sixth.status).toBe(429);
    expect((sixth.data as Failure).formError).toBe(REGISTRATION_RATE_MESSAGE);
    expect(await prisma.enterpriseRegistration.count({ where: { creditCode: code(3) } })).toBe(0);
    // another address is not affected
    expect((await apply({ creditCode: code(3) })).status).toBe(200);
  });
});

describe("review", () => {
  it("shows a county its county's applications only; 市经信委 those of 市本级", async () => {
    const row = await prisma.enterpriseRegistration.findFirstOrThrow({ where: { creditCode: code(1) } });
    const list = await run(async () =>
      listLoader({ request: await requestAs("county.yuci", "/registrations"), params: {}, context: {} }),
    );
    expect((list.data as { rows: { id: number }[] }).rows.map((r) => r.id)).toContain(row.id);
    const other = await run(async () =>
      listLoader({ request: await requestAs("county.taigu", "/registrations"), params: {}, context: {} }),
    );
    expect((other.data as { rows: { id: number }[] }).rows.map((r) => r.id)).not.toContain(row.id);
    for (const u of ["county.taigu", "eic"]) {
      const d = await run(async () =>
        detailLoader({
          request: await requestAs(u, `/registrations/${row.id}`),
          params: { registrationId: String(row.id) },
          context: {},
        }),
      );
      expect(d.status, u).toBe(404);
      expect((await decide(u, row.id, { intent: "approve", version: "1" })).status, u).toBe(404);
    }
    const licence = await run(async () =>
      licenceLoader({
        request: await requestAs("county.yuci", `/resources/registration-licence/${row.id}`),
        params: { registrationId: String(row.id) },
        context: {},
      }),
    );
    expect(licence.status).toBe(200);
    expect(licence.response?.headers.get("Content-Type")).toBe("application/pdf");

    // 市本级: 市经信委 reviews it, no county does
    expect((await apply({ creditCode: code(4), county: "city" })).status).toBe(200);
    const city = await prisma.enterpriseRegistration.findFirstOrThrow({ where: { creditCode: code(4) } });
    expect(city.countyId).toBeNull();
    const eicList = await run(async () =>
      listLoader({ request: await requestAs("eic", "/registrations"), params: {}, context: {} }),
    );
    expect((eicList.data as { rows: { id: number }[] }).rows.map((r) => r.id)).toEqual([city.id]);
  });

  it("refuses with a reason (required), audited; the code may then apply again", async () => {
    const row = await prisma.enterpriseRegistration.findFirstOrThrow({ where: { creditCode: code(3) } });
    const empty = await decide("county.yuci", row.id, { intent: "refuse", reason: " ", version: String(row.version) });
    expect(empty.status).toBe(400);
    expect((empty.data as Failure).fieldErrors.reason).toMatch(/理由/);
    const ok = await decide("county.yuci", row.id, {
      intent: "refuse",
      reason: "营业执照不清晰",
      version: String(row.version),
    });
    expect(ok.status).toBe(200);
    const after = await prisma.enterpriseRegistration.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "REFUSED", pendingCode: null, refusalReason: "营业执照不清晰" });
    expect(await prisma.auditEvent.count({ where: { action: "REGISTRATION_REFUSE", entityId: String(row.id) } })).toBe(
      1,
    );
    // decided: a second decision is refused
    const twice = await decide("county.yuci", row.id, { intent: "approve", version: String(after.version) });
    expect(twice.status).toBe(409);
    expect((await apply({ creditCode: code(3) })).status).toBe(200);
  });

  it("approves: a new enterprise and an account whose one-time password must be changed, all audited", async () => {
    const row = await prisma.enterpriseRegistration.findFirstOrThrow({ where: { creditCode: code(1) } });
    const stale = await decide("county.yuci", row.id, { intent: "approve", version: String(row.version + 1) });
    expect(stale.status).toBe(409);
    const r = await decide("county.yuci", row.id, { intent: "approve", version: String(row.version) });
    expect(r.status).toBe(200);
    const approved = (r.data as { approved: { username: string; oneTimePassword: string; enterpriseId: number } })
      .approved;
    expect(approved.username).toBe(`ent.${code(1).toLowerCase()}`);
    const ent = await prisma.enterprise.findUniqueOrThrow({ where: { id: approved.enterpriseId } });
    expect(ent).toMatchObject({ creditCode: code(1), name: "晋中测试新材料有限公司", countyId: await yuciId() });
    const user = await prisma.user.findUniqueOrThrow({ where: { username: approved.username } });
    expect(user).toMatchObject({
      role: "ENTERPRISE",
      enterpriseId: ent.id,
      mustChangePassword: true,
      displayName: "李四",
    });
    const signIn = await login({
      username: approved.username,
      password: approved.oneTimePassword,
      ip: "198.51.100.200",
    });
    expect(signIn.ok && signIn.mustChangePassword).toBe(true);
    const actions = await prisma.auditEvent.findMany({
      where: {
        OR: [
          { entity: "EnterpriseRegistration", entityId: String(row.id) },
          { entity: "Enterprise", entityId: String(ent.id) },
          { entity: "User", entityId: String(user.id), action: "USER_CREATE" },
        ],
      },
      select: { action: true },
    });
    expect(actions.map((a) => a.action).sort()).toEqual([
      "CREATE",
      "REGISTRATION_APPROVE",
      "REGISTRATION_SUBMIT",
      "USER_CREATE",
    ]);
    // now the code has an account: applying again is a duplicate
    expect((await apply({ creditCode: code(1) })).status).toBe(409);
  });

  it("links an enterprise already in the registry (no second enterprise)", async () => {
    const known = await prisma.enterprise.findFirstOrThrow({
      where: { users: { none: {} }, countyId: await yuciId() },
      select: { id: true, creditCode: true },
    });
    expect((await apply({ creditCode: known.creditCode })).status).toBe(200);
    const row = await prisma.enterpriseRegistration.findFirstOrThrow({ where: { pendingCode: known.creditCode } });
    const before = await prisma.enterprise.count();
    const r = await decide("county.yuci", row.id, { intent: "approve", version: String(row.version) });
    expect(r.status).toBe(200);
    expect((r.data as { approved: { enterpriseId: number; createdEnterprise: boolean } }).approved).toMatchObject({
      enterpriseId: known.id,
      createdEnterprise: false,
    });
    expect(await prisma.enterprise.count()).toBe(before);
  });
});
