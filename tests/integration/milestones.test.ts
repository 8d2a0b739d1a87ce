// Logging milestones against the real database: who may log on which project (per role, server-side), the
// rules (order, dates, evidence), the derived stage, history events, audit events, atomic multi-row writes,
// version conflicts, and evidence attachments served only within scope.
import { readdir, rm } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const uploadDir = vi.hoisted(() => {
  const dir = `/tmp/jz-int-uploads-${process.pid}-ms`;
  process.env.UPLOAD_DIR = dir;
  return dir;
});

import { addDays, formatChineseDate } from "~/domain/dates";
import { action as assignAction } from "~/routes/_app.teams.$teamId_.assign/route";
import { action as msAction, loader as msLoader } from "~/routes/_app.projects.$projectId_.milestones/route";
import { loader as downloadLoader } from "~/routes/resources.attachments.$attachmentId";
import { postForm, postMultipart, requestAs, run } from "../support/requests";
import { queries, testSql, waitForLockWaiters } from "../support/sql";
import { today as clockToday } from "~/utils/clock.server";

const sql = testSql();
beforeAll(async () => {
  // Setup, not behaviour under test: give team01 enough SIGNED-only projects of this file's own database, signed
  // well before the application clock's today (the tests log stages a few days back).
  const signedBy = addDays(clockToday(), -10);
  await sql.query(
    `UPDATE project SET service_team_id = (SELECT team_id FROM app_user WHERE username = 'team01')
    WHERE id IN (SELECT id FROM project WHERE stage = 'SIGNED' AND signed_on <= $1 AND service_team_id IS DISTINCT FROM (SELECT team_id FROM app_user WHERE username = 'team01')
                 ORDER BY id LIMIT 14)`,
    [signedBy],
  );
  const { rows } = await sql.query(
    "SELECT id FROM project WHERE stage = 'SIGNED' AND signed_on <= $1 AND service_team_id = (SELECT team_id FROM app_user WHERE username = 'team01') ORDER BY id",
    [signedBy],
  );
  signedIds = rows.map((r) => r.id as number);
});
let signedIds: number[] = [];
afterAll(async () => {
  await rm(uploadDir, { recursive: true, force: true });
});

const { one, count } = queries(sql);

/** The n-th team01 project that was at stage SIGNED when the file started (each test uses its own). */
async function team01SignedProject(n: number) {
  return one<{ id: number; signed_on: Date; county: string; enterprise_id: number | null }>(
    `SELECT p.id, p.signed_on, c.name AS county, p.enterprise_id FROM project p JOIN county c ON c.id = p.county_id WHERE p.id = $1`,
    [signedIds[n]],
  );
}

async function versionOf(projectId: number, stage: string) {
  const r = await one<{ version: number } | undefined>(
    "SELECT version FROM milestone WHERE project_id = $1 AND stage = $2",
    [projectId, stage],
  );
  return String(r?.version ?? 0);
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

function post(
  username: string,
  projectId: number,
  fields: Record<string, string>,
  file?: Parameters<typeof postMultipart>[3],
) {
  return run(async () =>
    msAction({
      request: await postMultipart(username, `/projects/${projectId}/milestones`, fields, file),
      params: { projectId: String(projectId) },
      context: {},
    }),
  );
}

async function logStage(
  username: string,
  projectId: number,
  stage: string,
  actualOn: string,
  extra: Record<string, string> = {},
) {
  return post(username, projectId, {
    intent: "log",
    stage,
    actualOn,
    evidenceNo: `EV-${stage}-${projectId}`,
    version: await versionOf(projectId, stage),
    ...extra,
  });
}

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("who may log a milestone (server-side, per role)", () => {
  it("team01 on its own project: allowed; on another team's project: 404 for the page and the action", async () => {
    const own = await team01SignedProject(0);
    const other = await one<{ id: number }>(
      "SELECT id FROM project WHERE service_team_id IS DISTINCT FROM (SELECT team_id FROM app_user WHERE username='team01') AND stage = 'SIGNED' LIMIT 1",
    );
    const page = await run(async () =>
      msLoader({
        request: await requestAs("team01", `/projects/${other.id}/milestones`),
        params: { projectId: String(other.id) },
        context: {},
      }),
    );
    expect(page.status).toBe(404);
    const before = await count("SELECT count(*) AS n FROM milestone_event");
    const refused = await logStage("team01", other.id, "LAND", addDays(clockToday(), -1));
    expect(refused.status).toBe(404);
    expect(await count("SELECT count(*) AS n FROM milestone_event")).toBe(before);

    const ok = await logStage("team01", own.id, "LAND", addDays(clockToday(), -1));
    expect(ok.status).toBe(302);
    expect((await one<{ stage: string }>("SELECT stage FROM project WHERE id = $1", [own.id])).stage).toBe("LAND");
  });

  it("read-only and unrelated roles are refused: leader, eic, the enterprise 403; another team and county 404", async () => {
    const p = await team01SignedProject(1);
    const entUser = await one<{ username: string } | undefined>(
      "SELECT username FROM app_user WHERE enterprise_id = $1 LIMIT 1",
      [p.enterprise_id],
    );
    const otherCounty = await one<{ username: string }>(
      "SELECT u.username FROM app_user u JOIN county c ON c.id = u.county_id WHERE u.role = 'COUNTY' AND c.name <> $1 LIMIT 1",
      [p.county],
    );
    const day = clockToday();
    expect((await logStage("leader", p.id, "LAND", day)).status).toBe(403);
    expect((await logStage("eic", p.id, "LAND", day)).status).toBe(403);
    if (entUser) expect((await logStage(entUser.username, p.id, "LAND", day)).status).toBe(403);
    expect((await logStage("team02", p.id, "LAND", day)).status).toBe(404);
    expect((await logStage(otherCounty.username, p.id, "LAND", day)).status).toBe(404);
    expect((await one<{ stage: string }>("SELECT stage FROM project WHERE id = $1", [p.id])).stage).toBe("SIGNED");
  });

  it("the project's county and the bureau may log", async () => {
    const p = await team01SignedProject(2);
    const countyUser = await one<{ username: string }>(
      "SELECT u.username FROM app_user u WHERE u.role = 'COUNTY' AND u.county_id = (SELECT county_id FROM project WHERE id = $1) LIMIT 1",
      [p.id],
    );
    expect((await logStage(countyUser.username, p.id, "LAND", clockToday())).status).toBe(302);
    expect(
      (await logStage("bureau", p.id, "FUNDING", clockToday(), { amount: "100", source: "企业自有资金" })).status,
    ).toBe(302);
  });
});

describe("rules, checked again in the action", () => {
  it("refuses a future date, missing evidence, a skipped stage and a negative amount, writing nothing", async () => {
    const p = await team01SignedProject(3);
    // one statement at a time on the file's client
    const before = [
      await count("SELECT count(*) AS n FROM milestone_event"),
      await count("SELECT count(*) AS n FROM audit_event"),
      await count("SELECT count(*) AS n FROM funding_record WHERE project_id = $1", [p.id]),
    ];
    const tomorrow = addDays(clockToday(), 1);
    const future = await post("team01", p.id, {
      intent: "log",
      stage: "LAND",
      actualOn: tomorrow,
      evidenceNo: "X-1",
      version: await versionOf(p.id, "LAND"),
    });
    expect(future.status).toBe(400);
    expect((future.data as { fieldErrors: Record<string, string> }).fieldErrors.actualOn).toBe(
      `实际日期不能晚于今天（${clockToday()}）`,
    );

    const noEvidence = await post("team01", p.id, {
      intent: "log",
      stage: "LAND",
      actualOn: clockToday(),
      evidenceNo: "",
      version: await versionOf(p.id, "LAND"),
    });
    expect(noEvidence.status).toBe(400);
    expect((noEvidence.data as { fieldErrors: Record<string, string> }).fieldErrors.evidenceNo).toBe(
      "请填写土地出让合同或不动产权证书编号",
    );

    const skipped = await post("team01", p.id, {
      intent: "log",
      stage: "STARTED",
      actualOn: clockToday(),
      evidenceNo: "SG-1",
      version: await versionOf(p.id, "STARTED"),
    });
    expect(skipped.status).toBe(400);
    expect((skipped.data as { fieldErrors: Record<string, string> }).fieldErrors.stage).toBe(
      "须先登记「落地（供地）」，不能跳过",
    );

    const early = await post("team01", p.id, {
      intent: "log",
      stage: "LAND",
      actualOn: iso(new Date(p.signed_on.getTime() - 86_400_000)),
      evidenceNo: "X",
      version: await versionOf(p.id, "LAND"),
    });
    expect((early.data as { fieldErrors: Record<string, string> }).fieldErrors.actualOn).toMatch(
      /^实际日期不能早于「签约」的日期/,
    );

    expect((await logStage("team01", p.id, "LAND", clockToday())).status).toBe(302);
    const negative = await post("team01", p.id, {
      intent: "log",
      stage: "FUNDING",
      actualOn: clockToday(),
      evidenceNo: "HD-1",
      amount: "-500",
      source: "银行贷款",
      version: await versionOf(p.id, "FUNDING"),
    });
    expect(negative.status).toBe(400);
    expect((negative.data as { fieldErrors: Record<string, string> }).fieldErrors.amount).toBe("金额须大于 0（万元）");

    const after = [
      await count("SELECT count(*) AS n FROM milestone_event"),
      await count("SELECT count(*) AS n FROM audit_event"),
      await count("SELECT count(*) AS n FROM funding_record WHERE project_id = $1", [p.id]),
    ];
    // only the one successful LAND log wrote: one event, one audit row (plus its project touch, not audited)
    expect(after[0]).toBe(before[0] + 1);
    expect(after[1]).toBe(before[1] + 1);
    expect(after[2]).toBe(before[2]);
  });
});

describe("a logged stage: derived stage, history and audit", () => {
  it("LAND → FUNDING (first receipt becomes a funding record) → STARTED, each audited, stage from the trigger", async () => {
    const p = await team01SignedProject(4);
    const day = clockToday();
    expect((await logStage("team01", p.id, "LAND", day)).status).toBe(302);
    const funded = await logStage("team01", p.id, "FUNDING", day, { amount: "2500", source: "企业自有资金" });
    expect(funded.status).toBe(302);
    expect((await logStage("team01", p.id, "STARTED", day)).status).toBe(302);

    expect(
      await one("SELECT stage, to_char(stage_on, 'YYYY-MM-DD') AS stage_on FROM project WHERE id = $1", [p.id]),
    ).toEqual({ stage: "STARTED", stage_on: day });
    const funding = await sql.query(
      "SELECT amount, source, to_char(received_on, 'YYYY-MM-DD') AS d FROM funding_record WHERE project_id = $1",
      [p.id],
    );
    expect(funding.rows).toEqual([{ amount: 2500, source: "企业自有资金", d: day }]);
    const audits = await sql.query(
      "SELECT action, entity, after->>'stage' AS stage FROM audit_event WHERE project_id = $1 AND actor_id = (SELECT id FROM app_user WHERE username='team01') ORDER BY id",
      [p.id],
    );
    expect(audits.rows).toEqual([
      { action: "LOG_MILESTONE", entity: "Milestone", stage: "LAND" },
      { action: "LOG_MILESTONE", entity: "Milestone", stage: "FUNDING" },
      { action: "CREATE", entity: "FundingRecord", stage: null },
      { action: "LOG_MILESTONE", entity: "Milestone", stage: "STARTED" },
    ]);
    const events = await sql.query(
      "SELECT m.stage, e.kind, e.evidence_no FROM milestone_event e JOIN milestone m ON m.id = e.milestone_id WHERE m.project_id = $1 AND e.kind = 'LOGGED' AND m.stage <> 'SIGNED' ORDER BY e.id",
      [p.id],
    );
    expect(events.rows.map((r) => `${r.stage}:${r.evidence_no}`)).toEqual([
      `LAND:EV-LAND-${p.id}`,
      `FUNDING:EV-FUNDING-${p.id}`,
      `STARTED:EV-STARTED-${p.id}`,
    ]);
  });

  it("is atomic: when the funding record cannot be written, the FUNDING milestone is not logged either", async () => {
    const p = await team01SignedProject(5);
    expect((await logStage("team01", p.id, "LAND", clockToday())).status).toBe(302);
    // A real database failure in the middle of the transaction (after the milestone row was written).
    await sql.query(`CREATE FUNCTION test_refuse_funding() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.amount = 13579 THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await sql.query(
      "CREATE TRIGGER test_refuse_funding BEFORE INSERT ON funding_record FOR EACH ROW EXECUTE FUNCTION test_refuse_funding()",
    );
    try {
      const before = [
        await count("SELECT count(*) AS n FROM audit_event"),
        await count("SELECT count(*) AS n FROM milestone_event"),
      ];
      await expect(
        logStage("team01", p.id, "FUNDING", clockToday(), { amount: "13579", source: "银行贷款" }),
      ).rejects.toThrow();
      expect(await one("SELECT stage FROM project WHERE id = $1", [p.id])).toEqual({ stage: "LAND" });
      expect(
        await one("SELECT actual_on FROM milestone WHERE project_id = $1 AND stage = 'FUNDING'", [p.id]).then(
          (r) => r ?? { actual_on: null },
        ),
      ).toEqual({ actual_on: null });
      expect([
        await count("SELECT count(*) AS n FROM audit_event"),
        await count("SELECT count(*) AS n FROM milestone_event"),
      ]).toEqual(before);
    } finally {
      await sql.query("DROP TRIGGER test_refuse_funding ON funding_record");
      await sql.query("DROP FUNCTION test_refuse_funding()");
    }
  });
});

describe("corrections and withdrawals", () => {
  it("a correction needs a reason, is kept in the history, and a stale form gets a 409", async () => {
    const p = await team01SignedProject(6);
    const day = clockToday();
    expect((await logStage("team01", p.id, "LAND", addDays(day, -3))).status).toBe(302);
    const v = await versionOf(p.id, "LAND");
    const noReason = await post("team01", p.id, {
      intent: "correct",
      stage: "LAND",
      actualOn: addDays(day, -2),
      evidenceNo: "NEW-1",
      reason: "",
      version: v,
    });
    expect(noReason.status).toBe(400);
    expect((noReason.data as { fieldErrors: Record<string, string> }).fieldErrors.reason).toBe("请填写更正原因");

    const ok = await post("team01", p.id, {
      intent: "correct",
      stage: "LAND",
      actualOn: addDays(day, -2),
      evidenceNo: "NEW-1",
      reason: "合同日期录入错误",
      version: v,
    });
    expect(ok.status).toBe(302);
    // the same (now stale) version from a second browser tab
    const stale = await post("team01", p.id, {
      intent: "correct",
      stage: "LAND",
      actualOn: addDays(day, -1),
      evidenceNo: "NEW-2",
      reason: "再次更正",
      version: v,
    });
    expect(stale.status).toBe(409);
    expect((stale.data as { conflict: { message: string } }).conflict.message).toContain("已被他人修改");
    expect(
      await one(
        "SELECT evidence_no, to_char(actual_on,'YYYY-MM-DD') AS d FROM milestone WHERE project_id = $1 AND stage = 'LAND'",
        [p.id],
      ),
    ).toEqual({
      evidence_no: "NEW-1",
      d: addDays(day, -2),
    });
    const ev = await one<{ kind: string; reason: string; from: string; to: string }>(
      `SELECT e.kind, e.reason, to_char(e.from_actual,'YYYY-MM-DD') AS from, to_char(e.to_actual,'YYYY-MM-DD') AS to
         FROM milestone_event e JOIN milestone m ON m.id = e.milestone_id WHERE m.project_id = $1 AND e.kind = 'CORRECTED'`,
      [p.id],
    );
    expect(ev).toEqual({ kind: "CORRECTED", reason: "合同日期录入错误", from: addDays(day, -3), to: addDays(day, -2) });
    expect(
      await count("SELECT count(*) AS n FROM audit_event WHERE project_id = $1 AND action = 'CORRECT_MILESTONE'", [
        p.id,
      ]),
    ).toBe(1);
  });

  it("only the last logged stage may be withdrawn; withdrawing takes the stage back and keeps the record", async () => {
    const p = await team01SignedProject(7);
    const day = clockToday();
    expect((await logStage("team01", p.id, "LAND", day)).status).toBe(302);
    const signed = await post("team01", p.id, {
      intent: "withdraw",
      stage: "SIGNED",
      reason: "误登记",
      version: await versionOf(p.id, "SIGNED"),
    });
    expect(signed.status).toBe(400);
    expect((signed.data as { fieldErrors: Record<string, string> }).fieldErrors.stage).toBe(
      "「落地（供地）」已登记，须先撤回「落地（供地）」才能撤回「签约」",
    );
    const land = await post("team01", p.id, {
      intent: "withdraw",
      stage: "LAND",
      reason: "供地合同尚未签订",
      version: await versionOf(p.id, "LAND"),
    });
    expect(land.status).toBe(302);
    expect(await one("SELECT stage FROM project WHERE id = $1", [p.id])).toEqual({ stage: "SIGNED" });
    const ev = await one(
      "SELECT e.kind, e.reason, e.evidence_no FROM milestone_event e JOIN milestone m ON m.id = e.milestone_id WHERE m.project_id = $1 AND e.kind = 'WITHDRAWN'",
      [p.id],
    );
    expect(ev).toEqual({ kind: "WITHDRAWN", reason: "供地合同尚未签订", evidence_no: `EV-LAND-${p.id}` });
    expect(
      await count("SELECT count(*) AS n FROM audit_event WHERE project_id = $1 AND action = 'WITHDRAW_MILESTONE'", [
        p.id,
      ]),
    ).toBe(1);
  });

  it("planned dates can be set and moved, each move in the history", async () => {
    const p = await team01SignedProject(8);
    const seeded = await one<{ d: string | null } | undefined>(
      "SELECT to_char(planned_on,'YYYY-MM-DD') AS d FROM milestone WHERE project_id = $1 AND stage = 'STARTED'",
      [p.id],
    );
    const r1 = await post("team01", p.id, {
      intent: "plan",
      stage: "STARTED",
      plannedOn: "2018-06-30",
      reason: "",
      version: await versionOf(p.id, "STARTED"),
    });
    expect(r1.status).toBe(302);
    const r2 = await post("team01", p.id, {
      intent: "plan",
      stage: "STARTED",
      plannedOn: "2018-09-30",
      reason: "环评批复推迟",
      version: await versionOf(p.id, "STARTED"),
    });
    expect(r2.status).toBe(302);
    const evs = await sql.query(
      `SELECT to_char(e.from_planned,'YYYY-MM-DD') AS f, to_char(e.to_planned,'YYYY-MM-DD') AS t, e.reason FROM milestone_event e
         JOIN milestone m ON m.id = e.milestone_id WHERE m.project_id = $1 AND m.stage = 'STARTED' AND e.kind = 'PLANNED' ORDER BY e.id DESC LIMIT 2`,
      [p.id],
    );
    expect(evs.rows[0]).toEqual({ f: "2018-06-30", t: "2018-09-30", reason: "环评批复推迟" });
    // each change is audited with the date before and after
    const audits = await sql.query(
      "SELECT entity, entity_id, before, after FROM audit_event WHERE project_id = $1 AND action = 'PLAN_MILESTONE' ORDER BY id",
      [p.id],
    );
    const milestoneId = (
      await one<{ id: number }>("SELECT id FROM milestone WHERE project_id = $1 AND stage = 'STARTED'", [p.id])
    ).id;
    expect(audits.rows).toEqual([
      {
        entity: "Milestone",
        entity_id: String(milestoneId),
        before: seeded ? { plannedOn: seeded.d } : null,
        after: { stage: "STARTED", plannedOn: "2018-06-30", reason: null },
      },
      {
        entity: "Milestone",
        entity_id: String(milestoneId),
        before: { plannedOn: "2018-06-30" },
        after: { stage: "STARTED", plannedOn: "2018-09-30", reason: "环评批复推迟" },
      },
    ]);
  });

  it("a stale plan is a 409 that shows the stage's saved values next to the submitted ones", async () => {
    const p = await team01SignedProject(12);
    const v = await versionOf(p.id, "STARTED");
    expect(
      (
        await post("team01", p.id, {
          intent: "plan",
          stage: "STARTED",
          plannedOn: "2018-06-30",
          reason: "",
          version: v,
        })
      ).status,
    ).toBe(302);
    const stale = await post("team01", p.id, {
      intent: "plan",
      stage: "STARTED",
      plannedOn: "2018-12-31",
      reason: "另一页面",
      version: v,
    });
    expect(stale.status).toBe(409);
    const changed = (
      stale.data as { conflict: { changed: Array<{ field: string; label: string; theirs: string; yours: string }> } }
    ).conflict.changed;
    expect(changed).toEqual([
      {
        field: "plannedOn",
        label: "「开工」计划日期",
        theirs: formatChineseDate("2018-06-30"),
        yours: formatChineseDate("2018-12-31"),
      },
      { field: "actualOn", label: "「开工」实际日期", theirs: "（空）", yours: "（未修改）" },
      { field: "evidenceNo", label: "「开工」凭证编号", theirs: "（空）", yours: "（未修改）" },
    ]);
    expect(
      await one(
        "SELECT to_char(planned_on,'YYYY-MM-DD') AS d FROM milestone WHERE project_id = $1 AND stage = 'STARTED'",
        [p.id],
      ),
    ).toEqual({ d: "2018-06-30" });
  });
});

describe("scope is checked again inside the write", () => {
  it("the project moved to another team between loading the page and submitting: 404, nothing written", async () => {
    const p = await team01SignedProject(13);
    const team2 = (await one<{ id: number }>("SELECT team_id AS id FROM app_user WHERE username = 'team02'")).id;
    const before = [
      await count("SELECT count(*) AS n FROM audit_event WHERE project_id = $1", [p.id]),
      await count("SELECT count(*) AS n FROM milestone WHERE project_id = $1", [p.id]),
    ];
    // EIC's reassignment holds the project row (its transaction not yet committed) when team01's plan arrives:
    // the route's scope check (before the transaction) still sees team01's project; the write must not.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM project WHERE id = $1 FOR UPDATE", [p.id]);
      const reassign = run(async () =>
        assignAction({
          request: await postForm("eic", `/teams/${team2}/assign`, {
            intent: "projects",
            ids: [String(p.id)],
            targetTeamId: String(team2),
          }),
          params: { teamId: String(team2) },
          context: {},
        }),
      );
      await waitForLockWaiters(1);
      const submit = post("team01", p.id, {
        intent: "plan",
        stage: "STARTED",
        plannedOn: "2018-06-30",
        reason: "",
        version: await versionOf(p.id, "STARTED"),
      });
      await waitForLockWaiters(2);
      await holder.query("COMMIT");
      expect((await reassign).status).toBe(302);
      expect((await submit).status).toBe(404);
    } finally {
      await holder.end();
    }
    expect(await one("SELECT service_team_id FROM project WHERE id = $1", [p.id])).toEqual({ service_team_id: team2 });
    expect(await count("SELECT count(*) AS n FROM milestone WHERE project_id = $1", [p.id])).toBe(before[1]);
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_event WHERE project_id = $1 AND action NOT IN ('ASSIGN_TEAM', 'HANDOVER_TEAM')",
        [p.id],
      ),
    ).toBe(before[0]);
  });
});

describe("evidence attachments", () => {
  it("stores an uploaded PDF and serves it only within the project's scope", async () => {
    const p = await team01SignedProject(9);
    const r = await logStage("team01", p.id, "LAND", clockToday(), {});
    expect(r.status).toBe(302);
    const up = await post(
      "team01",
      p.id,
      {
        intent: "correct",
        stage: "LAND",
        actualOn: clockToday(),
        evidenceNo: `EV-LAND-${p.id}`,
        reason: "补充土地出让合同扫描件",
        version: await versionOf(p.id, "LAND"),
      },
      { field: "attachment", name: "土地出让合同.pdf", type: "application/pdf", bytes: PDF },
    );
    expect(up.status).toBe(302);
    const a = await one<{ id: number; file_name: string; mime_type: string; size: number; storage_key: string }>(
      "SELECT a.id, a.file_name, a.mime_type, a.size, a.storage_key FROM attachment a JOIN milestone m ON m.attachment_id = a.id WHERE m.project_id = $1",
      [p.id],
    );
    expect(a).toMatchObject({ file_name: "土地出让合同.pdf", mime_type: "application/pdf", size: PDF.byteLength });
    expect(a.storage_key).not.toContain("土地");

    const get = async (u: string) =>
      run(async () =>
        downloadLoader({
          request: await requestAs(u, `/resources/attachments/${a.id}`),
          params: { attachmentId: String(a.id) },
          context: {},
        }),
      );
    const mine = await get("team01");
    expect(mine.status).toBe(200);
    expect(mine.response!.headers.get("Content-Disposition")).toBe(
      `attachment; filename="______.pdf"; filename*=UTF-8''${encodeURIComponent("土地出让合同.pdf")}`,
    );
    expect(mine.response!.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await mine.response!.arrayBuffer())).toEqual(PDF);
    expect((await get("bureau")).status).toBe(200);
    expect((await get("team02")).status).toBe(404);
    const otherEnt = await one<{ username: string }>(
      "SELECT username FROM app_user WHERE role = 'ENTERPRISE' AND enterprise_id IS DISTINCT FROM $1 LIMIT 1",
      [p.enterprise_id],
    );
    expect((await get(otherEnt.username)).status).toBe(404);
    expect(
      (
        await get("bureau").then(() =>
          run(async () =>
            downloadLoader({
              request: await requestAs("bureau", "/resources/attachments/999999"),
              params: { attachmentId: "999999" },
              context: {},
            }),
          ),
        )
      ).status,
    ).toBe(404);
  });

  it("refuses a disguised file and an oversized one, leaving nothing behind", async () => {
    const p = await team01SignedProject(10);
    const files = async () => (await readdir(uploadDir, { recursive: true }).catch(() => [])).length;
    const before = { files: await files(), rows: await count("SELECT count(*) AS n FROM attachment") };
    const fake = await post(
      "team01",
      p.id,
      {
        intent: "log",
        stage: "LAND",
        actualOn: clockToday(),
        evidenceNo: "X-9",
        version: await versionOf(p.id, "LAND"),
      },
      {
        field: "attachment",
        name: "合同.pdf",
        type: "application/pdf",
        bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 1, 2, 3]),
      },
    );
    expect(fake.status).toBe(400);
    expect((fake.data as { fieldErrors: Record<string, string> }).fieldErrors.attachment).toBe(
      "附件只能是 PDF、JPG 或 PNG 文件",
    );

    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF.subarray(0, 8));
    const tooBig = await post(
      "team01",
      p.id,
      {
        intent: "log",
        stage: "LAND",
        actualOn: clockToday(),
        evidenceNo: "X-9",
        version: await versionOf(p.id, "LAND"),
      },
      { field: "attachment", name: "big.pdf", type: "application/pdf", bytes: big },
    );
    expect([400, 413]).toContain(tooBig.status);
    expect((tooBig.data as { fieldErrors: Record<string, string> }).fieldErrors.attachment).toBe("附件不能超过 10 MB");

    // a rule violation after the file was stored removes the file again
    const skipped = await post(
      "team01",
      p.id,
      {
        intent: "log",
        stage: "STARTED",
        actualOn: clockToday(),
        evidenceNo: "X-9",
        version: await versionOf(p.id, "STARTED"),
      },
      { field: "attachment", name: "施工许可证.pdf", type: "application/pdf", bytes: PDF },
    );
    expect(skipped.status).toBe(400);
    expect({ files: await files(), rows: await count("SELECT count(*) AS n FROM attachment") }).toEqual(before);
    expect(await one("SELECT stage FROM project WHERE id = $1", [p.id])).toEqual({ stage: "SIGNED" });
  });
});

describe("form posts without a file (urlencoded) work too", () => {
  it("logs a stage from a plain form post", async () => {
    const p = await team01SignedProject(11);
    const r = await run(async () =>
      msAction({
        request: await postForm("team01", `/projects/${p.id}/milestones`, {
          intent: "log",
          stage: "LAND",
          actualOn: clockToday(),
          evidenceNo: "晋中国土出〔2026〕1号",
          version: await versionOf(p.id, "LAND"),
        }),
        params: { projectId: String(p.id) },
        context: {},
      }),
    );
    expect(r.status).toBe(302);
  });
});
