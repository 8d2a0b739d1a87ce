// The audit log viewer (issue 14): 安全审计员 only; filters, Chinese labels, Beijing time, paging, CSV export.
import { describe, expect, it } from "vitest";
import { loader as auditLoader } from "~/routes/_app.admin.audit/route";
import { loader as exportLoader } from "~/routes/resources.audit-export";
import { login } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { requestAs, run } from "../support/requests";
import { readXlsx } from "../support/spreadsheets";

const args = { params: {}, context: {} };
type Page = { total: number; rows: { at: string; actor: string; action: string; result: string; entity: string }[] };
const page = async (qs: string, who = "auditor") =>
  run(async () => auditLoader({ request: await requestAs(who, `/admin/audit?${qs}`), ...args }));

describe("audit log viewer", () => {
  it("shows sign-in failures and locks in Chinese, Beijing time, filtered by result and action", async () => {
    for (let i = 0; i < 5; i++) await login({ username: "team12", password: `Bad#pass${i}`, ip: `192.0.2.${60 + i}` });
    const fails = (await page("result=fail&who=team12")).data as Page;
    expect(fails.rows.map((r) => r.action)).toContain("账号锁定");
    expect(fails.rows.filter((r) => r.action === "登录失败")).toHaveLength(5);
    expect(fails.rows.every((r) => r.result === "失败")).toBe(true);
    const ev = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "ACCOUNT_LOCKED" },
      orderBy: { id: "desc" },
    });
    const shown = fails.rows.find((r) => r.action === "账号锁定")!;
    const b = new Date(ev.at.getTime() + 8 * 3_600_000);
    const hm = b.toISOString().slice(11, 16);
    expect(shown.at).toBe(`${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${hm}`);
    const logins = (await page("action=LOGIN")).data as Page;
    expect(logins.rows.every((r) => r.action === "登录成功" && r.result === "成功")).toBe(true);
  });

  it("pages on the server and filters by time range", async () => {
    const all = (await page("")).data as Page;
    expect(all.rows.length).toBeLessThanOrEqual(50);
    const future = (await page("from=2999-01-01")).data as Page;
    expect(future.total).toBe(0);
    const p2 = (await page("page=2")).data as Page;
    if (all.total > 50) expect(p2.rows[0]).not.toEqual(all.rows[0]);
  });

  it("exports CSV with Chinese headers, and the export is itself recorded", async () => {
    const r = await run(async () =>
      exportLoader({ request: await requestAs("auditor", "/resources/audit-export?result=fail"), ...args }),
    );
    expect(r.status).toBe(200);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await r.response!.arrayBuffer());
    expect(text.split("\r\n")[0]).toBe("\uFEFF时间（北京时间）,操作人,角色,操作,对象,结果,详情");
    expect(text).toContain("登录失败");
    expect(r.response!.headers.get("Content-Type")).toMatch(/text\/csv/);
    const auditor = await prisma.user.findUniqueOrThrow({ where: { username: "auditor" } });
    expect(
      await prisma.auditEvent.count({ where: { actorId: auditor.id, action: "EXPORT", entity: "AuditEvent" } }),
    ).toBe(1);
  });

  it("exports XLSX: the same header and rows as the filtered log, and the export is recorded as one", async () => {
    for (let i = 0; i < 2; i++) await login({ username: "team13", password: `Bad#pass${i}`, ip: "192.0.2.90" });
    const r = await run(async () =>
      exportLoader({ request: await requestAs("auditor", "/resources/audit-export?format=xlsx&who=team13"), ...args }),
    );
    expect(r.status).toBe(200);
    expect(r.response!.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(r.response!.headers.get("Content-Disposition")).toContain(encodeURIComponent("审计日志"));
    const sheet = (await readXlsx(await r.response!.arrayBuffer()))["审计日志"];
    expect(sheet[0]).toEqual(["时间（北京时间）", "操作人", "角色", "操作", "对象", "结果", "详情"]);
    const rows = sheet.slice(1);
    const shown = (await page("who=team13")).data as Page;
    expect(rows).toHaveLength(shown.total);
    expect(rows.filter((row) => row[3] === "登录失败")).toHaveLength(2);
    expect(rows.every((row) => typeof row[0] === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(row[0]))).toBe(true);
    expect(rows[0][1]).toContain("team13");
    const auditor = await prisma.user.findUniqueOrThrow({ where: { username: "auditor" } });
    const ev = await prisma.auditEvent.findFirstOrThrow({
      where: { actorId: auditor.id, action: "EXPORT", entity: "AuditEvent", entityId: "xlsx" },
    });
    expect(ev.after).toMatchObject({ who: "team13", rows: shown.total });
  });

  it("auditor only: sysadmin and secadmin get 403; bureau gets 403 on /admin/*", async () => {
    for (const who of ["sysadmin", "admin", "secadmin", "bureau", "leader", "team01"]) {
      expect((await page("", who)).status).toBe(403);
      const ex = await run(async () =>
        exportLoader({ request: await requestAs(who, "/resources/audit-export"), ...args }),
      );
      expect(ex.status).toBe(403);
      const xl = await run(async () =>
        exportLoader({ request: await requestAs(who, "/resources/audit-export?format=xlsx"), ...args }),
      );
      expect(xl.status).toBe(403);
    }
  });
});
