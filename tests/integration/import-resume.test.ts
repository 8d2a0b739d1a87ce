// A worker killed mid-import (SIGKILL of a real app process that runs the pg-boss import queue, held by a test
// trigger once 5,000 rows are written): the job page first still shows the last progress, then — once three
// heartbeats are missed — says the import was interrupted and will resume; about 30 s after the last heartbeat the
// job's watch hands it to another worker (here a pg-boss worker in this process), which imports the whole file
// exactly once (docs/decisions/096).
import PgBoss from "pg-boss";
import { afterAll, expect, it } from "vitest";
import { importInterruptedText, IMPORT_STALE_AFTER_S, KIND_SPECS } from "~/domain/importSpec";
import { registerImportJobs, runImportJobs, unregisterImportJobs } from "~/jobs/importWorker.server";
import { PGBOSS_SCHEMA } from "~/jobs/slaWorker.server";
import { action as jobAction, loader as jobLoader } from "~/routes/_app.import.$jobId/route";
import { action as uploadAction } from "~/routes/_app.import._index/route";
import { startApp, type AppProcess } from "../support/appProcess";
import { holdJobUpdate } from "../support/importHold";
import { useRealClock } from "../support/realClock";
import { postForm, requestAs, run } from "../support/requests";
import { csvBytes, uploadRequest, type TestCell } from "../support/spreadsheets";
import { testSql } from "../support/sql";

useRealClock();

const N = 12_000;
const sql = testSql();
let app: AppProcess | undefined;
let boss: PgBoss | undefined;
const realSleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  if (app?.child.exitCode === null && app.child.signalCode === null) app.child.kill("SIGKILL");
  unregisterImportJobs();
  await boss?.stop({ graceful: false, wait: true });
});

function file(): Uint8Array {
  const headers = KIND_SPECS.projects.columns.map((c) => c.header);
  const rows: TestCell[][] = [headers];
  for (let i = 0; i < N; i++) {
    const v: Record<string, TestCell> = {
      项目编号: `RES-${String(i).padStart(6, "0")}`,
      项目名称: `中断续导测试项目${i}`,
      "县（区、市）": "榆次区",
      产业: "现代农业",
      项目来源: "本地投资/技改",
      "总投资（万元）": 1000 + i,
      计划年度: 2018,
      签约日期: "2017-03-01",
    };
    rows.push(headers.map((h) => (h in v ? v[h] : null)));
  }
  return csvBytes(rows);
}

type JobView = { status: string; processedRows: number; totalRows: number; attempt: number; interrupted: boolean };

it(
  "a job whose worker was killed says it was interrupted, then resumes on another worker",
  { timeout: 300_000 },
  async () => {
    const up = await run(async () =>
      uploadAction({
        request: await uploadRequest("bureau", "projects", "中断续导.csv", file()),
        params: {},
        context: {},
      }),
    );
    expect(up.status).toBe(302);
    const id = Number(up.response!.headers.get("Location")!.split("/").pop());
    const page = async () =>
      (
        (
          await run(async () =>
            jobLoader({
              request: await requestAs("bureau", `/import/${id}`),
              params: { jobId: String(id) },
              context: {},
            }),
          )
        ).data as { job: JobView }
      ).job;
    expect(await runImportJobs()).toBe(1); // the check, in this process
    expect((await page()).status).toBe("READY");
    const confirmed = await run(async () =>
      jobAction({
        request: await postForm("bureau", `/import/${id}`, { intent: "commit" }),
        params: { jobId: String(id) },
        context: {},
      }),
    );
    expect(confirmed.status).toBe(302);

    // the app's own queue takes the confirmed job (its start-up sweep); hold it once 5,000 rows are written, kill it
    const hold = await holdJobUpdate(sql, `NEW.id = ${id} AND NEW.status = 'IMPORTING' AND NEW.processed_rows >= 5000`);
    try {
      app = await startApp({ DATABASE_URL: process.env.DATABASE_URL, JOBS_ENABLED: "true" });
      await fetch(app.url("/login")); // a first request, as the observability test does
      await hold.reached(undefined, 120_000).catch((err: Error) => {
        throw new Error(`${err.message}\n${app!.out()}`);
      });
      const exited = new Promise((resolve) => app!.child.once("exit", resolve));
      app.child.kill("SIGKILL");
      await exited;
    } finally {
      await hold.drop(); // the held progress write goes through: the last thing the dead worker wrote
    }
    const killedAt = Date.now();

    // nothing the killed worker wrote survives its transaction
    const written = async () =>
      Number((await sql.query("SELECT count(*) n FROM project WHERE code LIKE 'RES-%'")).rows[0].n);
    expect(await written()).toBe(0);
    // attempts count claims: the check (in this process), then the import the app took
    const killedAttempt = 2;
    const right = await page();
    expect(right).toMatchObject({
      status: "IMPORTING",
      processedRows: 5000,
      totalRows: N,
      attempt: killedAttempt,
      interrupted: false,
    });

    // three missed heartbeats later the page says it was interrupted and will resume
    let seen: JobView = right;
    while (!seen.interrupted) {
      expect(Date.now() - killedAt, "the page should say 'interrupted' within ~15 s").toBeLessThan(25_000);
      await realSleep(500);
      seen = await page();
    }
    expect(seen).toMatchObject({ status: "IMPORTING", processedRows: 5000, attempt: killedAttempt });
    const notice = importInterruptedText(seen);
    expect(notice.title).toBe("导入已中断，将自动继续");
    expect(notice.text).toContain(`导入在写入到 5000 / ${N} 行时中断`);
    expect(notice.text).toContain("没有留下任何数据");
    expect(notice.text).toContain(`系统将在心跳停止约 ${IMPORT_STALE_AFTER_S} 秒后自动重新开始`);

    // another instance's worker: the watch the dead worker left on the queue brings the job to it once the
    // heartbeat is ~30 s old, and it imports the whole file again, once
    boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: PGBOSS_SCHEMA, max: 3 });
    await boss.start();
    await registerImportJobs(boss, { schedule: false, pollingIntervalSeconds: 1 });
    const lastBeat = async () =>
      new Date((await sql.query("SELECT updated_at FROM import_job WHERE id = $1", [id])).rows[0].updated_at).getTime();
    const beat = await lastBeat();
    let resumedAt = 0;
    for (;;) {
      const j = await page();
      if (j.attempt === killedAttempt + 1 && !resumedAt) resumedAt = Date.now();
      if (j.status === "DONE") break;
      expect(["IMPORTING"]).toContain(j.status);
      expect(Date.now() - killedAt, "the job should be resumed and done within a minute").toBeLessThan(90_000);
      await realSleep(500);
    }
    expect(resumedAt - beat, "taken over only once the heartbeat is stale").toBeGreaterThanOrEqual(
      IMPORT_STALE_AFTER_S * 1000,
    );
    expect(resumedAt - beat, "taken over soon after the heartbeat went stale").toBeLessThan(
      (IMPORT_STALE_AFTER_S + 15) * 1000,
    );
    const done = await page();
    expect(done).toMatchObject({
      status: "DONE",
      processedRows: N,
      totalRows: N,
      attempt: killedAttempt + 1,
      interrupted: false,
    });
    expect(await written()).toBe(N);
    expect(
      Number(
        (
          await sql.query(
            "SELECT count(*) n FROM audit_event WHERE action = 'IMPORT' AND entity = 'Project' AND (after->>'importJobId')::int = $1",
            [id],
          )
        ).rows[0].n,
      ),
    ).toBe(N);
    expect(
      Number(
        (
          await sql.query(
            "SELECT count(*) n FROM milestone m JOIN project p ON p.id = m.project_id WHERE p.code LIKE 'RES-%'",
          )
        ).rows[0].n,
      ),
    ).toBe(N);
  },
);
