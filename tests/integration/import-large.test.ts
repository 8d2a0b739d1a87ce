// 50,000 rows in one XLSX: checked and imported with progress (every progress value the worker writes is logged
// by a test trigger, and the job page is read while the worker is held mid-way), imported in one transaction,
// every row there afterwards.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { makeCreditCode } from "~/domain/creditCode";
import { KIND_SPECS } from "~/domain/importSpec";
import { runImportJobs } from "~/jobs/importWorker.server";
import { action as jobAction, loader as jobLoader } from "~/routes/_app.import.$jobId/route";
import { action as uploadAction } from "~/routes/_app.import._index/route";
import { postForm, requestAs, run } from "../support/requests";
import { holdJobUpdate } from "../support/importHold";
import { uploadRequest } from "../support/spreadsheets";
import { testSql } from "../support/sql";

const N = 50_000;
const ENTERPRISES = 500;

const sql = testSql();

/** Row i reaches stage i % 6 (0 = not signed … 5 = completed); every 3rd row names an enterprise. */
async function bigWorkbook(counties: string[], industries: string[]): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on("end", resolve));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet("项目数据");
  const headers = KIND_SPECS.projects.columns.map((c) => c.header);
  ws.addRow(headers).commit();
  const at = (h: string) => headers.indexOf(h);
  const credit = Array.from({ length: ENTERPRISES }, (_, k) =>
    makeCreditCode("91", "140700", `MA0BXG${String(k).padStart(3, "0")}`),
  );
  const dates = ["2017-02-01", "2017-03-01", "2017-04-01", "2017-05-01", "2017-06-01"].map(
    (d) => new Date(`${d}T00:00:00Z`),
  );
  for (let i = 0; i < N; i++) {
    const r: (string | number | Date | null)[] = headers.map(() => null);
    r[at("项目编号")] = `BIG-${String(i).padStart(6, "0")}`;
    r[at("项目名称")] = `大批量导入测试项目${i}`;
    r[at("县（区、市）")] = counties[i % counties.length];
    r[at("产业")] = industries[i % industries.length];
    r[at("项目来源")] = i % 3 === 0 ? "招商引资签约" : "本地投资/技改";
    if (i % 3 === 0) {
      r[at("投资企业")] = `大批量测试企业${i % ENTERPRISES}`;
      r[at("统一社会信用代码")] = credit[i % ENTERPRISES];
      r[at("签约额（万元）")] = 1000 + i;
    }
    r[at("总投资（万元）")] = 1000 + i;
    r[at("年度计划投资（万元）")] = i % 500;
    r[at("计划年度")] = 2018;
    const stage = i % 6;
    const keys = ["签约日期", "落地（供地）日期", "资金到位日期", "开工日期", "竣工投产日期"];
    for (let s = 0; s < stage; s++) r[at(keys[s])] = dates[s];
    ws.addRow(r).commit();
  }
  ws.commit();
  await wb.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

it("imports 50,000 rows from one XLSX", async () => {
  const counties = (await sql.query("SELECT name FROM county ORDER BY id")).rows.map((r) => r.name as string);
  const industries = (await sql.query("SELECT name FROM industry ORDER BY id")).rows.map((r) => r.name as string);
  const before = Number((await sql.query("SELECT count(*) n FROM project")).rows[0].n);
  const bytes = await bigWorkbook(counties, industries);

  const up = await run(async () =>
    uploadAction({ request: await uploadRequest("bureau", "projects", "五万行.xlsx", bytes), params: {}, context: {} }),
  );
  expect(up.status).toBe(302);
  const id = Number(up.response!.headers.get("Location")!.split("/").pop());
  const page = async () =>
    (
      await run(async () =>
        jobLoader({ request: await requestAs("bureau", `/import/${id}`), params: { jobId: String(id) }, context: {} }),
      )
    ).data as any;

  // every update of the job row, in order, as the worker commits it
  await sql.query("CREATE TABLE test_job_log (seq serial PRIMARY KEY, status text, processed int, total int)");
  await sql.query(`CREATE FUNCTION test_job_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_job_log (status, processed, total) VALUES (NEW.status, NEW.processed_rows, NEW.total_rows); RETURN NEW; END $$`);
  await sql.query(
    "CREATE TRIGGER test_job_log AFTER UPDATE ON import_job FOR EACH ROW EXECUTE FUNCTION test_job_log()",
  );
  const log = async (statuses: string[]) =>
    (
      await sql.query("SELECT status, processed, total FROM test_job_log WHERE status = ANY($1) ORDER BY seq", [
        statuses,
      ])
    ).rows as {
      status: string;
      processed: number;
      total: number;
    }[];
  /** Runs the worker, holding it when its progress first passes half the file, and returns the page seen then. */
  const runHeldMidway = async (status: string) => {
    const hold = await holdJobUpdate(
      sql,
      `NEW.status = '${status}' AND OLD.processed_rows < ${N / 2} AND NEW.processed_rows >= ${N / 2}`,
    );
    try {
      const worker = runImportJobs();
      await hold.reached(worker);
      const seen = await page();
      await hold.release();
      expect(await worker).toBe(1);
      return seen.job;
    } finally {
      await hold.drop();
    }
  };
  /** Progress never goes back, rises through the file and ends at every row. */
  const expectRising = (values: number[]) => {
    expect(values[0]).toBe(0);
    for (let k = 1; k < values.length; k++)
      expect(values[k], `progress ${values.slice(0, k + 1).join(" → ")}`).toBeGreaterThanOrEqual(values[k - 1]);
    expect(values.filter((v) => v > 0 && v < N).length).toBeGreaterThanOrEqual(5);
    expect(values.at(-1)).toBe(N);
  };

  const checking = await runHeldMidway("VALIDATING");
  // the page, mid-check: rows read so far, total not yet known
  expect(checking).toMatchObject({ status: "VALIDATING", totalRows: 0, errorCount: 0 });
  expect(checking.processedRows).toBeGreaterThan(0);
  expect(checking.processedRows).toBeLessThan(N / 2);
  const checkLog = await log(["VALIDATING", "READY"]);
  expectRising(checkLog.map((r) => r.processed));
  expect(checkLog.map((r) => r.processed)).toContain(checking.processedRows);
  expect(checkLog.at(-1)).toEqual({ status: "READY", processed: N, total: N });
  const checked = await page();
  expect(checked.job.status, JSON.stringify(checked.errors?.slice(0, 5))).toBe("READY");
  expect(checked.job).toMatchObject({ totalRows: N, processedRows: N, errorCount: 0 });
  expect(checked.job.summary).toMatchObject({ rows: N, newEnterprises: ENTERPRISES, matchedEnterprises: 0 });
  // 50,000 rows cycle through 6 stages: 8,334 rows for stages 0 and 1, 8,333 for the others
  expect(checked.job.summary.byStage).toEqual({
    PREPARING: 8334,
    SIGNED: 8334,
    LAND: 8333,
    FUNDING: 8333,
    STARTED: 8333,
    COMPLETED: 8333,
  });

  await run(async () =>
    jobAction({
      request: await postForm("bureau", `/import/${id}`, { intent: "commit" }),
      params: { jobId: String(id) },
      context: {},
    }),
  );
  const importing = await runHeldMidway("IMPORTING");
  // the page, mid-import: rows written so far out of the file's rows
  expect(importing).toMatchObject({ status: "IMPORTING", totalRows: N });
  expect(importing.processedRows).toBeGreaterThan(0);
  expect(importing.processedRows).toBeLessThan(N / 2);
  const importLog = await log(["IMPORTING", "DONE"]);
  // the re-check before the write only beats the heart: the count covers written rows and never goes back
  expectRising(importLog.map((r) => r.processed));
  expect(importLog.map((r) => r.processed)).toContain(importing.processedRows);
  expect(new Set(importLog.map((r) => r.total))).toEqual(new Set([N]));
  expect(importLog.at(-1)).toEqual({ status: "DONE", processed: N, total: N });
  const done = await page();
  expect(done.job.status).toBe("DONE");
  expect(done.job).toMatchObject({ totalRows: N, processedRows: N });

  const q = async (text: string) => (await sql.query(text)).rows;
  expect(Number((await q("SELECT count(*) n FROM project"))[0].n)).toBe(before + N);
  expect(
    await q("SELECT stage, count(*)::int n FROM project WHERE code LIKE 'BIG-%' GROUP BY stage ORDER BY stage"),
  ).toEqual([
    { stage: "PREPARING", n: 8334 },
    { stage: "SIGNED", n: 8334 },
    { stage: "LAND", n: 8333 },
    { stage: "FUNDING", n: 8333 },
    { stage: "STARTED", n: 8333 },
    { stage: "COMPLETED", n: 8333 },
  ]);
  // Σ stages reached: 0·8334 + 1·8334 + (2+3+4+5)·8333
  expect(
    Number(
      (await q("SELECT count(*) n FROM milestone m JOIN project p ON p.id = m.project_id WHERE p.code LIKE 'BIG-%'"))[0]
        .n,
    ),
  ).toBe(8334 + 14 * 8333);
  // Σ (1000 + i) for i < 50,000 = 50,000,000 + 1,249,975,000, exact in 万元
  expect((await q("SELECT sum(total_investment)::text s FROM project WHERE code LIKE 'BIG-%'"))[0].s).toBe(
    "1299975000",
  );
  expect(Number((await q("SELECT count(DISTINCT enterprise_id) n FROM project WHERE code LIKE 'BIG-%'"))[0].n)).toBe(
    ENTERPRISES,
  );
  expect(
    Number(
      (
        await q(
          `SELECT count(*) n FROM audit_event WHERE entity = 'Project' AND action = 'IMPORT' AND (after->>'importJobId')::int = ${id}`,
        )
      )[0].n,
    ),
  ).toBe(N);
}, 600_000);
