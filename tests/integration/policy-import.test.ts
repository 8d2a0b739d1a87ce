// 导入优惠政策 (issue 15 §5 "importable", decision 162) through the real loader and action: the template downloads as
// XLSX with the form's columns; a filled template (XLSX and CSV) creates its policies in one transaction, audited as
// IMPORT; a file with any bad row creates none and says each problem by row and column in Chinese; a county imports
// only its own county's; importing the same file again is refused naming the policies; 10 identical posts make one
// import.
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { action, loader } from "~/routes/_app.policies.import/route";
import { prisma } from "~/utils/db.server";
import { postMultipart, requestAs, run } from "../support/requests";

type Failure = {
  formError: string | null;
  fieldErrors: Record<string, string>;
  rowErrors?: { row: number; column: string; message: string }[];
};
const HEAD = ["适用县区", "类别", "政策名称", "政策内容", "生效日期", "失效日期"];

async function xlsx(rows: (string | Date | null)[][]): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("优惠政策");
  ws.addRow(HEAD);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(new Uint8Array(await wb.xlsx.writeBuffer()));
}

async function post(username: string, name: string, bytes: Uint8Array<ArrayBuffer>, token = randomUUID()) {
  const request = await postMultipart(
    username,
    "/policies/import",
    { createToken: token },
    {
      field: "file",
      name,
      type: name.endsWith(".csv") ? "text/csv" : "application/octet-stream",
      bytes,
    },
  );
  return run(() => action({ request, params: {}, context: {} }));
}

describe("policy import", () => {
  it("the template is an XLSX with the form's columns", async () => {
    const r = await run(async () =>
      loader({ request: await requestAs("bureau", "/policies/import?template=1"), params: {}, context: {} }),
    );
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await r.response!.arrayBuffer()) as never);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEAD);
  });

  it("the bureau imports an XLSX of city and county policies: all created, each audited as IMPORT", async () => {
    const tag = randomUUID().slice(0, 6);
    const bytes = await xlsx([
      ["市级", "基金", `转型基金支持${tag}`, "对转型项目给予股权投资支持。", new Date(Date.UTC(2017, 0, 1)), null],
      ["太谷县", "土地", `工业用地弹性出让${tag}`, "工业用地最低出让期 30 年。", "2017-03-01", "2020-12-31"],
    ]);
    const r = await post("bureau", "政策.xlsx", bytes);
    expect(r.status).toBe(302);
    const rows = await prisma.incentivePolicy.findMany({
      where: { title: { endsWith: tag } },
      include: { county: true },
    });
    expect(rows.map((p) => [p.county?.name ?? null, p.category]).sort()).toEqual(
      [
        [null, "基金"],
        ["太谷县", "土地"],
      ].sort(),
    );
    expect(
      await prisma.auditEvent.count({
        where: { entity: "IncentivePolicy", action: "IMPORT", entityId: { in: rows.map((p) => String(p.id)) } },
      }),
    ).toBe(2);
    // the same file again: refused, naming the policies; nothing doubled
    const again = await post("bureau", "政策.xlsx", bytes);
    expect(again.status).toBe(409);
    expect((again.data as Failure).formError).toContain(`转型基金支持${tag}`);
    expect(await prisma.incentivePolicy.count({ where: { title: { endsWith: tag } } })).toBe(2);
  });

  it("any bad row: nothing imported, each problem by row and column", async () => {
    const tag = randomUUID().slice(0, 6);
    const bytes = await xlsx([
      ["榆次区", "电价", `好的一行${tag}`, "内容", "2017-01-01", null],
      ["火星区", "电价", `坏县区${tag}`, "内容", "2017-01-01", null],
      ["榆次区", "住房", `坏类别${tag}`, "内容", "2017-01-01", null],
      ["榆次区", "税收", `坏日期${tag}`, "内容", "2017-13-01", null],
      ["榆次区", "税收", `倒挂${tag}`, "内容", "2018-01-01", "2017-01-01"],
      ["榆次区", "税收", "", "内容", "2017-01-01", null],
    ]);
    const r = await post("bureau", "政策.xlsx", bytes);
    expect(r.status).toBe(400);
    const f = r.data as Failure;
    expect(f.formError).toMatch(/没有导入任何政策/);
    expect(f.rowErrors).toEqual(
      expect.arrayContaining([
        { row: 3, column: "适用县区", message: "没有名为“火星区”的县区" },
        { row: 4, column: "类别", message: "请选择政策类别" },
        expect.objectContaining({ row: 5, column: "生效日期" }),
        { row: 6, column: "失效日期", message: "失效日期不能早于生效日期" },
        { row: 7, column: "政策名称", message: "请填写政策名称" },
      ]),
    );
    expect(await prisma.incentivePolicy.count({ where: { title: { endsWith: tag } } })).toBe(0);
  });

  it("a CSV with the same header works; a missing column or a wrong file type is refused", async () => {
    const tag = randomUUID().slice(0, 6);
    const csv = `\uFEFF${HEAD.join(",")}\n榆次区,奖补,设备投资补助${tag},按设备投资额 5% 补助,2017-06-01,\n`;
    const ok = await post("county.yuci", "政策.csv", new Uint8Array(new TextEncoder().encode(csv)));
    expect(ok.status).toBe(302);
    expect(await prisma.incentivePolicy.count({ where: { title: `设备投资补助${tag}` } })).toBe(1);
    const noTitle = `${["适用县区", "类别", "政策内容", "生效日期"].join(",")}\n榆次区,奖补,内容,2017-06-01\n`;
    const r = await post("bureau", "缺列.csv", new Uint8Array(new TextEncoder().encode(noTitle)));
    expect((r.data as Failure).rowErrors).toEqual([
      { row: 1, column: "政策名称", message: "缺少必填列，请使用导入模板的表头" },
    ]);
    const pdf = await post("bureau", "政策.pdf", new Uint8Array(new TextEncoder().encode("%PDF")));
    expect(pdf.status).toBe(400);
    expect((pdf.data as Failure).fieldErrors.file).toBe("只能导入 .xlsx 或 .csv 文件");
  });

  it("a county imports only its own county's policies; 市领导 and teams are refused", async () => {
    const tag = randomUUID().slice(0, 6);
    const r = await post(
      "county.yuci",
      "政策.xlsx",
      await xlsx([["太谷县", "电价", `越权${tag}`, "内容", "2017-01-01", null]]),
    );
    expect(r.status).toBe(400);
    expect((r.data as Failure).rowErrors).toEqual([
      { row: 2, column: "适用县区", message: "县区账号只能导入本县（区、市）的优惠政策" },
    ]);
    for (const u of ["leader", "team01"]) {
      const denied = await post(
        u,
        "政策.xlsx",
        await xlsx([["市级", "电价", `越权${tag}`, "内容", "2017-01-01", null]]),
      );
      expect(denied.status, u).toBe(403);
    }
    expect(await prisma.incentivePolicy.count({ where: { title: `越权${tag}` } })).toBe(0);
  });

  it("ten parallel identical posts (one token) import once", async () => {
    const tag = randomUUID().slice(0, 6);
    const bytes = await xlsx([["市级", "税收", `并发导入${tag}`, "内容", "2017-01-01", null]]);
    const token = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => post("bureau", "政策.xlsx", bytes, token)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(302));
    expect(await prisma.incentivePolicy.count({ where: { title: `并发导入${tag}` } })).toBe(1);
  });
});
