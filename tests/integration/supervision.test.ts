// 督办 on a real database (issue 17, docs/decisions/140–141): the units seeded, a leader's 批示 through every step
// (签收 → 方案/进展 → 延期 → 办结 → 销号 → 评价), version checks, scope per role, the automatic 催办 once per overdue
// step, audit and notifications.
import { beforeAll, describe, expect, it } from "vitest";
import { Refusal } from "~/domain/refusal";
import { applySupervisionAction, createSupervision, sweepSupervisions } from "~/models/supervision.server";
import { db } from "~/models/db.server";
import { prisma } from "~/utils/db.server";
import { now as clockNow } from "~/utils/clock.server";
import { loader as ledgerLoader } from "~/routes/_app.supervision._index/route";
import { action as detailAction, loader as detailLoader } from "~/routes/_app.supervision.$supervisionId/route";
import { action as newAction, loader as newLoader } from "~/routes/_app.supervision.new/route";
import { EXPORT_HEADER, loader as exportLoader } from "~/routes/resources.supervision-export";
import { action as monthlyAction, loader as monthlyLoader } from "~/routes/_app.reports.monthly/route";
import { loader as monthlyDownload } from "~/routes/resources.monthly-report";
import { loader as homeLoader } from "~/routes/_app._index";
import { loader as departmentLoader } from "~/routes/_app.department/route";
import { formatCell, reportTables, type MonthlyReport, type ReportTable } from "~/domain/monthlyReport";
import { readDocx } from "../support/docx";
import { expectInOrder, readPdf } from "../support/pdf";
import { readXlsx } from "../support/spreadsheets";
import { queries, testSql } from "../support/sql";
import { postForm, postMultipart, requestAs, run, viewerFor } from "../support/requests";
import { loader as attachmentLoader } from "~/routes/resources.attachments.$attachmentId";

const sql = testSql();
let guotuId: number;
let countyGovId: number;
let countyUsername: string;
let countyId: number;
let projectId: number;

beforeAll(async () => {
  guotuId = (await prisma.department.findUniqueOrThrow({ where: { code: "guotu" } })).id;
  const project = await prisma.project.findFirstOrThrow({
    where: { isTransformation: true },
    orderBy: { id: "asc" },
    select: { id: true, countyId: true },
  });
  projectId = project.id;
  countyId = project.countyId;
  countyGovId = (await prisma.department.findUniqueOrThrow({ where: { countyId: project.countyId } })).id;
  countyUsername = (
    await prisma.user.findFirstOrThrow({
      where: { role: "COUNTY", countyId: project.countyId },
      orderBy: { id: "asc" },
    })
  ).username;
});

async function refusal(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("责任单位", () => {
  it("every unit of the issue is seeded, the county governments with their county, and the demo accounts sign in", async () => {
    const units = await prisma.department.findMany({ orderBy: { sortOrder: "asc" } });
    const names = units.map((u) => u.name);
    for (const n of [
      "市发展和改革委员会",
      "市国土资源局",
      "市住房和城乡建设局",
      "市环境保护局",
      "市行政审批服务管理局",
      "市经济和信息化委员会",
      "市投资促进局",
      "国网晋中供电公司",
      "榆次区人民政府",
      "介休市人民政府",
      "山西农谷管委会",
    ])
      expect(names).toContain(n);
    const counties = await prisma.county.count();
    expect(units.filter((u) => u.kind === "COUNTY" && u.countyId !== null)).toHaveLength(counties);
    // the first two keep their ids (decision 081's accounts)
    expect(units.slice(0, 2).map((u) => u.code)).toEqual(["fagai", "guotu"]);
    for (const username of [
      "dept.guotu",
      "dept.fagai",
      "dept.zhujian",
      "dept.huanbao",
      "dept.shenpi",
      "dept.gongdian",
    ]) {
      const v = await viewerFor(username);
      expect(v.role).toBe("DEPARTMENT");
      expect(v.departmentId).toEqual(expect.any(Number));
    }
  });
});

describe("a 批示 through every step", () => {
  it("leader → 国土 (主办) + county (协办); sign, plan, progress, extension, 办结, 销号, 评价; audited; scoped", async () => {
    const leader = await viewerFor("leader");
    const guotu = await viewerFor("dept.guotu");
    const fagai = await viewerFor("dept.fagai");
    const county = await viewerFor(countyUsername);
    const bureau = await viewerFor("bureau");

    // only a leader writes 批示
    expect((await refusal(createSupervision(bureau, input(), null))).status).toBe(403);
    const { id, code } = await createSupervision(leader, input(), null);
    expect(code).toMatch(/^DB-\d{4}-\d{4}$/);
    const item = await prisma.supervision.findUniqueOrThrow({ where: { id }, include: { units: true } });
    expect(item.state).toBe("ASSIGNED");
    expect(item.units).toHaveLength(2);
    expect(item.finishDays).toBe(7);
    // the units were told
    const guotuNotes = await prisma.notification.count({ where: { userId: guotu.id, kind: "SUPERVISION" } });
    expect(guotuNotes).toBe(1);

    // scope: 国土 and the county see it; 发改 does not (404 through the scoped client)
    expect(await db.as(guotu).supervision.count({ where: { id } })).toBe(1);
    expect(await db.as(county).supervision.count({ where: { id } })).toBe(1);
    expect(await db.as(fagai).supervision.count({ where: { id } })).toBe(0);
    expect((await refusal(applySupervisionAction(fagai, id, 1, { type: "sign" }))).status).toBe(404);

    // the 协办 county cannot sign; 国土 signs; a second sign on the old version is a conflict
    expect((await refusal(applySupervisionAction(county, id, 1, { type: "sign" }))).status).toBe(403);
    await applySupervisionAction(guotu, id, 1, { type: "sign", note: "已签收" });
    expect((await refusal(applySupervisionAction(guotu, id, 1, { type: "sign" }))).status).toBe(409);

    await applySupervisionAction(guotu, id, 2, { type: "plan", note: "制定供地方案，11月底前完成组卷" });
    await applySupervisionAction(county, id, 2, { type: "assist", note: "县里已完成征地摸底" });
    await applySupervisionAction(guotu, id, 2, { type: "progress", note: "已完成组卷，报省厅审批" });

    // extension: requested by 国土, refused for a date not after the deadline, approved by the office
    const bad = await refusal(
      applySupervisionAction(guotu, id, 2, { type: "requestExtension", note: "x", newDueOn: "2017-01-01" }),
    );
    expect(bad.detail.fieldErrors?.newDueOn).toBe("延期后的办结时限须晚于现在的时限");
    await applySupervisionAction(guotu, id, 2, {
      type: "requestExtension",
      note: "省厅审批需要时间",
      newDueOn: "2018-03-30",
    });
    expect((await refusal(applySupervisionAction(guotu, id, 3, { type: "approveExtension" }))).status).toBe(403);
    await applySupervisionAction(bureau, id, 3, { type: "approveExtension", note: "同意" });
    const extended = await prisma.supervision.findUniqueOrThrow({ where: { id } });
    expect(extended.finishDueAt.toISOString()).toBe("2018-03-30T16:00:00.000Z");
    expect(extended.extensionCount).toBe(1);
    expect(extended.pendingDueAt).toBeNull();

    await applySupervisionAction(guotu, id, 4, {
      type: "finish",
      note: "已取得用地批复，土地证号晋中国用(2017)第001号",
    });
    // returned once, reported again, then 销号 and 评价
    await applySupervisionAction(bureau, id, 5, { type: "return", note: "请补充土地出让合同" });
    await applySupervisionAction(guotu, id, 6, { type: "finish", note: "已补充出让合同" });
    await applySupervisionAction(bureau, id, 7, { type: "close" });
    await applySupervisionAction(bureau, id, 8, { type: "evaluate", rating: 4, note: "办理及时" });

    const done = await prisma.supervision.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(done.state).toBe("EVALUATED");
    expect(done.onTime).toBe(true);
    expect(done.events.map((e) => e.kind)).toEqual([
      "ASSIGNED",
      "SIGNED",
      "PLAN",
      "ASSIST",
      "PROGRESS",
      "EXTENSION_REQUESTED",
      "EXTENSION_APPROVED",
      "FINISH_REPORTED",
      "RETURNED",
      "FINISH_REPORTED",
      "CLOSED",
      "EVALUATED",
    ]);
    const audits = await prisma.auditEvent.findMany({ where: { entity: "Supervision", entityId: String(id) } });
    expect(audits).toHaveLength(done.events.length);
    // the leader followed it in the bell
    expect(
      await prisma.notification.count({ where: { userId: leader.id, link: `/supervision/${id}` } }),
    ).toBeGreaterThan(3);
  });
});

describe("催办", () => {
  it("by hand counts; the sweep urges each overdue step once, and again only for a new deadline", async () => {
    const leader = await viewerFor("leader");
    const bureau = await viewerFor("bureau");
    const { id } = await createSupervision(leader, input({ title: "催办测试" }), null);
    await applySupervisionAction(bureau, id, 1, { type: "urge", note: "请抓紧签收" });
    const far = new Date(clockNow().getTime() + 30 * 86_400_000);
    const first = await sweepSupervisions(far);
    expect(first).toBeGreaterThanOrEqual(4); // 签收, 方案, 进展, 办结 — plus any other overdue item
    const again = await sweepSupervisions(far);
    expect(again).toBe(0);
    const row = await prisma.supervision.findUniqueOrThrow({ where: { id } });
    expect(row.urgeCount).toBe(5);
    const auto = await prisma.supervisionEvent.findMany({ where: { supervisionId: id, kind: "AUTO_URGED" } });
    expect(auto.map((e) => e.step).sort()).toEqual(["FINISH", "PLAN", "PROGRESS", "SIGN"]);
    expect(await prisma.auditEvent.count({ where: { action: "SUPERVISION_AUTO_URGE", entityId: String(id) } })).toBe(4);
  });
});

describe("the pages, by URL and per role", () => {
  const args = { params: {}, context: {} };
  it("a leader writes a 批示 from a project page; the form's errors are Chinese; a repeat makes one item", async () => {
    const page = await run(async () =>
      newLoader({ request: await requestAs("leader", `/supervision/new?projectId=${projectId}`), ...args }),
    );
    expect(page.status).toBe(200);
    expect((page.data as { source: string }).source).toBe("PROJECT");
    expect(
      (await run(async () => newLoader({ request: await requestAs("dept.guotu", "/supervision/new"), ...args })))
        .status,
    ).toBe(403);

    const bad = await run(async () =>
      newAction({
        request: await postForm("leader", "/supervision/new", {
          source: "PROJECT",
          projectId: String(projectId),
          dueKind: "days",
          dueDays: "0",
        }),
        ...args,
      }),
    );
    expect(bad.status).toBe(400);
    const errors = (bad.data as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(errors.title).toBe("请填写督办事项");
    expect(errors.leadUnitId).toBe("请选择主办单位");

    const fields = {
      source: "PROJECT",
      projectId: String(projectId),
      title: "页面批示：用地报批",
      instruction: "请国土局 7 个工作日内解决。",
      level: "KEY",
      leadUnitId: String(guotuId),
      assistUnitIds: [String(countyGovId)],
      dueKind: "days",
      dueDays: "7",
      createToken: "0b6f0b1e-5a57-4d3c-9d4e-0c8f0e6c1a01",
    };
    const [a, b] = await Promise.all([
      run(async () => newAction({ request: await postForm("leader", "/supervision/new", fields), ...args })),
      run(async () => newAction({ request: await postForm("leader", "/supervision/new", fields), ...args })),
    ]);
    expect(a.status).toBe(302);
    expect(b.response?.headers.get("Location")).toBe(a.response?.headers.get("Location"));
    expect(await prisma.supervision.count({ where: { title: "页面批示：用地报批" } })).toBe(1);
    // the cross-field rules once the fields themselves are right
    const days = await run(async () =>
      newAction({
        request: await postForm("leader", "/supervision/new", { ...fields, dueDays: "0", createToken: [] }),
        ...args,
      }),
    );
    expect(days.status).toBe(400);
    expect((days.data as { fieldErrors: Record<string, string> }).fieldErrors.dueDays).toBe(
      "工作日数应为 1–120 的整数",
    );
  });

  it("a department sees only items where it is 主办 or 协办: the ledger, the item by URL, its actions", async () => {
    const leader = await viewerFor("leader");
    const { id } = await createSupervision(leader, input({ title: "仅国土局可见" }), null);
    const detail = (username: string) =>
      run(async () =>
        detailLoader({
          request: await requestAs(username, `/supervision/${id}`),
          params: { supervisionId: String(id) },
          context: {},
        }),
      );
    expect((await detail("dept.guotu")).status).toBe(200);
    expect((await detail(countyUsername)).status).toBe(200);
    expect((await detail("dept.fagai")).status).toBe(404);
    expect((await detail("eic")).status).toBe(404);
    expect((await detail("bureau")).status).toBe(200);
    expect((await detail("team01")).status).toBe(403);
    expect((await detail("ent.geely")).status).toBe(403);
    const post = await run(async () =>
      detailAction({
        request: await postForm("dept.fagai", `/supervision/${id}`, { intent: "sign", version: "1" }),
        params: { supervisionId: String(id) },
        context: {},
      }),
    );
    expect(post.status).toBe(404);

    for (const [username, code] of [
      ["dept.fagai", "fagai"],
      ["dept.guotu", "guotu"],
    ] as const) {
      const ledger = await run(async () =>
        ledgerLoader({ request: await requestAs(username, "/supervision"), ...args }),
      );
      const rows = (ledger.data as { rows: { id: number }[] }).rows;
      const unitId = (await prisma.department.findUniqueOrThrow({ where: { code } })).id;
      const mine = await prisma.supervision.findMany({
        where: { units: { some: { departmentId: unitId } } },
        select: { id: true },
      });
      expect(rows.map((r) => r.id).sort()).toEqual(mine.map((r) => r.id).sort());
      expect(rows.some((r) => r.id === id)).toBe(code === "guotu");
    }
  });

  it("progress and 办结 reports carry evidence files, on the item's timeline, downloadable within the item's scope", async () => {
    const leader = await viewerFor("leader");
    const { id } = await createSupervision(leader, input({ title: "带附件的办理报告" }), null);
    const post = (user: string, fields: Record<string, string>, file?: { name: string; body: string }) =>
      run(async () =>
        detailAction({
          request: await postMultipart(
            user,
            `/supervision/${id}`,
            fields,
            file && {
              field: "attachments",
              name: file.name,
              type: "application/pdf",
              bytes: new Uint8Array(Buffer.from(file.body)),
            },
          ),
          params: { supervisionId: String(id) },
          context: {},
        }),
      );
    const version = async () => String((await prisma.supervision.findUniqueOrThrow({ where: { id } })).version);
    // a step that takes no files refuses them next to the field, and writes nothing
    const signWithFile = await post(
      "dept.guotu",
      { intent: "sign", version: await version() },
      {
        name: "签收单.pdf",
        body: "%PDF-1.4 x",
      },
    );
    expect(signWithFile.status).toBe(400);
    expect((signWithFile.data as { fieldErrors: Record<string, string> }).fieldErrors.attachments).toBe(
      "该操作不能上传附件",
    );
    expect((await prisma.supervision.findUniqueOrThrow({ where: { id } })).state).toBe("ASSIGNED");
    expect((await post("dept.guotu", { intent: "sign", version: await version() })).status).toBe(302);
    // a file type outside the list is refused
    const exe = await post(
      "dept.guotu",
      { intent: "progress", version: await version(), note: "进展" },
      {
        name: "程序.exe",
        body: "MZ",
      },
    );
    expect(exe.status).toBe(400);
    const progress = await post(
      "dept.guotu",
      { intent: "progress", version: await version(), note: "已完成勘测定界。" },
      { name: "勘测定界报告.pdf", body: "%PDF-1.4 勘测" },
    );
    expect(progress.status).toBe(302);
    const finish = await post(
      "dept.guotu",
      { intent: "finish", version: await version(), note: "已取得用地批复。" },
      { name: "用地批复.pdf", body: "%PDF-1.4 批复" },
    );
    expect(finish.status).toBe(302);
    const files = await prisma.attachment.findMany({
      where: { supervisionEvent: { supervisionId: id } },
      select: { id: true, fileName: true, uploadedById: true, supervisionEvent: { select: { kind: true } } },
      orderBy: { id: "asc" },
    });
    const guotu = await viewerFor("dept.guotu");
    expect(files.map((f) => [f.supervisionEvent!.kind, f.fileName, f.uploadedById])).toEqual([
      ["PROGRESS", "勘测定界报告.pdf", guotu.id],
      ["FINISH_REPORTED", "用地批复.pdf", guotu.id],
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { entity: "Supervision", entityId: String(id), action: "SUPERVISION_FINISH" },
    });
    expect(audit.after).toMatchObject({ attachments: ["用地批复.pdf"] });
    // on the timeline the page shows
    const page = await run(async () =>
      detailLoader({
        request: await requestAs("leader", `/supervision/${id}`),
        params: { supervisionId: String(id) },
        context: {},
      }),
    );
    const events = (page.data as { events: { kind: string; attachments: { fileName: string }[] }[] }).events;
    expect(events.find((e) => e.kind === "FINISH_REPORTED")!.attachments.map((a) => a.fileName)).toEqual([
      "用地批复.pdf",
    ]);
    // downloadable by whoever sees the item, a 404 for a department outside it
    const download = (user: string) =>
      run(async () =>
        attachmentLoader({
          request: await requestAs(user, `/resources/attachments/${files[1].id}`),
          params: { attachmentId: String(files[1].id) },
          context: {},
        }),
      );
    const got = await download("leader");
    expect(got.status).toBe(200);
    expect(await got.response!.text()).toBe("%PDF-1.4 批复");
    expect((await download("dept.guotu")).status).toBe(200);
    expect((await download("dept.fagai")).status).toBe(404);
  });

  it("the export has one row per item with the ledger's columns", async () => {
    const res = await run(async () =>
      exportLoader({ request: await requestAs("bureau", "/resources/supervision-export"), ...args }),
    );
    expect(res.status).toBe(200);
    const sheets = await readXlsx(new Uint8Array(await res.response!.arrayBuffer()));
    const rows = sheets["督办台账"];
    expect(rows[0]).toEqual(EXPORT_HEADER);
    expect(EXPORT_HEADER).toEqual([
      "督办事项",
      "批示领导",
      "主办单位",
      "协办单位",
      "时限",
      "状态",
      "催办次数",
      "最新进展",
    ]);
    const items = await prisma.supervision.findMany({ select: { code: true, urgeCount: true } });
    expect(rows.length - 1).toBe(items.length);
    const byCode = new Map(rows.slice(1).map((r) => [String(r[0]).split(" ")[0], r]));
    for (const it of items) expect(byCode.get(it.code)?.[6]).toBe(it.urgeCount);
    // a department's export holds its own items only
    const dept = await run(async () =>
      exportLoader({ request: await requestAs("dept.fagai", "/resources/supervision-export"), ...args }),
    );
    const deptRows = (await readXlsx(new Uint8Array(await dept.response!.arrayBuffer())))["督办台账"];
    const fagai = (await prisma.department.findUniqueOrThrow({ where: { code: "fagai" } })).id;
    expect(deptRows.length - 1).toBe(
      await prisma.supervision.count({ where: { units: { some: { departmentId: fagai } } } }),
    );
  });
});

describe("the homes: a leader's 我的批示, a 责任单位's 工作台", () => {
  const args = { params: {}, context: {} };
  type Row = { id: number; state: string; card: { color: string } };
  const RANK: Record<string, number> = { red: 0, yellow: 1, green: 2, stopped: 3 };

  it("the leader's home lists the leader's own 批示, open ones most urgent first, with the counts", async () => {
    const home = await run(async () => homeLoader({ request: await requestAs("leader", "/"), ...args }));
    expect(home.status).toBe(200);
    const m = (home.data as { instructions: { counts: { total: number; red: number }; rows: Row[] } }).instructions;
    const leader = await viewerFor("leader");
    const q = queries(sql);
    expect(m.counts.total).toBe(
      await q.count(`SELECT count(*) AS n FROM supervision WHERE leader_id = $1`, [leader.id]),
    );
    expect(m.counts.total).toBeGreaterThan(0);
    const own = new Set(await q.ids(`SELECT id FROM supervision WHERE leader_id = $1`, [leader.id]));
    for (const r of m.rows) expect(own.has(r.id)).toBe(true);
    // every 批示 still in hand is listed (the seed's leader has fewer than the home's 20)
    const inHand = await q.ids(
      `SELECT id FROM supervision WHERE leader_id = $1 AND state NOT IN ('CLOSED','EVALUATED') ORDER BY id`,
      [leader.id],
    );
    expect(inHand.length).toBeGreaterThan(0);
    expect(
      m.rows
        .filter((r) => !["CLOSED", "EVALUATED"].includes(r.state))
        .map((r) => r.id)
        .sort((a, b) => a - b),
    ).toEqual(inHand);
    const open = m.rows.filter((r) => ["ASSIGNED", "HANDLING", "RETURNED"].includes(r.state));
    expect(open.map((r) => RANK[r.card.color])).toEqual(open.map((r) => RANK[r.card.color]).sort());
    expect(m.rows.slice(0, open.length)).toEqual(open);
    // other roles' dashboards carry none
    const bureau = await run(async () => homeLoader({ request: await requestAs("bureau", "/"), ...args }));
    expect((bureau.data as { instructions: unknown }).instructions).toBeNull();
  });

  it("a department lands on its 工作台: its 主办 and 协办 items and the issues routed to it, nobody else's", async () => {
    const home = await run(async () => homeLoader({ request: await requestAs("dept.guotu", "/"), ...args }));
    expect(home.response!.headers.get("Location")).toBe("/department");
    type Work = { unit: string; lead: Row[]; assist: Row[]; issues: { id: number }[]; issueTotal: number };
    const work = async (user: string) => {
      const r = await run(async () => departmentLoader({ request: await requestAs(user, "/department"), ...args }));
      expect(r.status, user).toBe(200);
      return r.data as Work;
    };
    const q = queries(sql);
    const itemsOf = (code: string, lead: boolean, states: string[]) =>
      q.ids(
        `SELECT s.id FROM supervision s JOIN supervision_unit u ON u.supervision_id = s.id
         JOIN department d ON d.id = u.department_id
         WHERE d.code = $1 AND u.is_lead = $2 AND s.state::text = ANY($3) ORDER BY s.id`,
        [code, lead, states],
      );
    for (const [user, code] of [
      ["dept.guotu", "guotu"],
      ["dept.fagai", "fagai"],
    ]) {
      const w = await work(user);
      const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
      expect(ids(w.lead), user).toEqual(await itemsOf(code, true, ["ASSIGNED", "HANDLING", "RETURNED", "REPORTED"]));
      expect(ids(w.assist), user).toEqual(await itemsOf(code, false, ["ASSIGNED", "HANDLING", "RETURNED"]));
      const routed = await q.ids(
        `SELECT i.id FROM coordination_issue i JOIN issue_unit u ON u.issue_id = i.id JOIN department d ON d.id = u.department_id
         WHERE d.code = $1 AND i.status IN ('SUBMITTED','ACCEPTED','RESPONDED','REOPENED')`,
        [code],
      );
      expect(w.issueTotal, user).toBe(routed.length);
      for (const i of w.issues) expect(routed, user).toContain(i.id);
    }
    const guotu = await work("dept.guotu");
    expect(guotu.unit).toBe("市国土资源局");
    expect(guotu.lead.length + guotu.assist.length).toBeGreaterThan(0);
    // a county government's own items are on the county's dashboard
    const county = await run(async () => homeLoader({ request: await requestAs(countyUsername, "/"), ...args }));
    const cw = (county.data as { unitWork: Work }).unitWork;
    const gov = (await q.one(`SELECT code FROM department WHERE id = $1`, [countyGovId])).code as string;
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
    expect(ids(cw.lead)).toEqual(await itemsOf(gov, true, ["ASSIGNED", "HANDLING", "RETURNED", "REPORTED"]));
    expect(ids(cw.assist)).toEqual(await itemsOf(gov, false, ["ASSIGNED", "HANDLING", "RETURNED"]));
    expect(cw.lead.length + cw.assist.length).toBeGreaterThan(0);
    // only a 责任单位 has this page; the others are sent to their own home
    for (const user of ["leader", "bureau", "county.yuci"]) {
      const r = await run(async () => departmentLoader({ request: await requestAs(user, "/department"), ...args }));
      expect(r.status, user).toBe(302);
    }
  });
});

describe("the monthly 通报's 督办 section", () => {
  const q = queries(sql);
  const args = { params: {}, context: {} };
  const STATES = ["ASSIGNED", "HANDLING", "REPORTED", "RETURNED", "CLOSED", "EVALUATED"] as const;
  type Stat = { total: number; overdue: number; due: number; onTime: number; urges: number };
  type Row = Stat & { unitId: number; unit: string; states: Record<string, number> };
  type Section = { at: string; rows: Row[]; total: Stat & { states: Record<string, number> }; pending: number };

  /**
   * The section as independent SQL over the supervision tables: items 交办 before `before`, optionally of one
   * county's government, per 主办 unit, judged at `at`; 催办 counted from the steps, not the item's counter.
   */
  async function expected(before: string, at: string, countyId: number | null = null): Promise<Section> {
    const rows = await q.rows<Stat & { unit_id: number; unit: string; pending: number } & Record<string, number>>(
      `WITH items AS (
           SELECT s.*, (s.state IN ('ASSIGNED','HANDLING','RETURNED') AND s.finish_due_at <= $2::timestamptz) AS late
           FROM supervision s
           WHERE s.assigned_at < $1::timestamptz
             AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM supervision_unit su JOIN department d ON d.id = su.department_id
                                             WHERE su.supervision_id = s.id AND d.county_id = $3))
         )
         SELECT d.id AS unit_id, d.name AS unit, count(*)::int AS total,
           ${STATES.map((st) => `count(*) FILTER (WHERE i.state = '${st}')::int AS "${st}"`).join(", ")},
           count(*) FILTER (WHERE i.late)::int AS overdue,
           count(*) FILTER (WHERE i.late OR i.state IN ('CLOSED','EVALUATED'))::int AS due,
           count(*) FILTER (WHERE i.on_time AND i.state IN ('CLOSED','EVALUATED'))::int AS "onTime",
           coalesce(sum((SELECT count(*) FROM supervision_event e WHERE e.supervision_id = i.id
                          AND e.kind IN ('URGED','AUTO_URGED'))), 0)::int AS urges,
           count(*) FILTER (WHERE i.pending_due_at IS NOT NULL)::int AS pending
         FROM items i
         JOIN supervision_unit lu ON lu.supervision_id = i.id AND lu.is_lead
         JOIN department d ON d.id = lu.department_id
         GROUP BY d.id, d.name, d.sort_order ORDER BY d.sort_order`,
      [before, at, countyId],
    );
    const stat = (r: Stat): Stat => ({
      total: r.total,
      overdue: r.overdue,
      due: r.due,
      onTime: r.onTime,
      urges: r.urges,
    });
    const states = (r: Record<string, number>) => Object.fromEntries(STATES.map((st) => [st, r[st]]));
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((t, r) => t + f(r), 0);
    return {
      at,
      rows: rows.map((r) => ({ unitId: r.unit_id, unit: r.unit, ...stat(r), states: states(r) })),
      total: {
        total: sum((r) => r.total),
        overdue: sum((r) => r.overdue),
        due: sum((r) => r.due),
        onTime: sum((r) => r.onTime),
        urges: sum((r) => r.urges),
        states: Object.fromEntries(STATES.map((st) => [st, sum((r) => r[st])])),
      },
      pending: sum((r) => r.pending),
    };
  }

  const sectionOf = (t: ReportTable[]) => t.find((x) => x.key === "supervision")!;

  it("= independent SQL at the report's clock, frozen with the month, and the PDF, Word and Excel carry the same numbers", async () => {
    const froze = await run(async () =>
      monthlyAction({
        request: await postForm("bureau", "/reports/monthly?month=2017-10", {
          intent: "freeze",
          month: "2017-10",
          confirm: "on",
        }),
        ...args,
      }),
    );
    expect(froze.status).toBe(302);
    const stored = (
      await prisma.$queryRaw<Array<{ s: Section; c: Section }>>`
        SELECT data -> 'city' -> 'supervision' AS s, data -> 'counties' -> ${String(countyId)}::text -> 'supervision' AS c
        FROM report_snapshot WHERE year = 2017 AND month = 10`
    )[0];
    // items 交办 by 2017-10-31 (Beijing), their state at the moment of freezing
    const before = "2017-11-01T00:00:00+08:00";
    expect(stored.s).toEqual(await expected(before, stored.s.at));
    expect(stored.c).toEqual(await expected(before, stored.c.at, countyId));
    expect(stored.s.total.total).toBeGreaterThan(0);
    expect(stored.s.total.overdue + stored.s.total.due).toBeGreaterThan(0);

    // later work changes the ledger, not the frozen 通报
    const open = (await prisma.supervision.findFirstOrThrow({
      where: { state: "HANDLING", assignedAt: { lt: new Date(before) } },
      select: { id: true, version: true },
    }))!;
    await applySupervisionAction(await viewerFor("bureau"), open.id, open.version, {
      type: "urge",
      note: "请加快办理",
    });
    const page = await run(async () =>
      monthlyLoader({ request: await requestAs("bureau", "/reports/monthly?month=2017-10"), ...args }),
    );
    const model = (page.data as { model: MonthlyReport }).model;
    expect(model.supervision).toEqual(stored.s);
    const table = sectionOf(reportTables(model));
    expect(table.title).toBe("八、领导批示督办事项办理情况");
    expect(table.rows.at(-1)!.cells.map(formatCell)).toEqual([
      "合计",
      ...[stored.s.total.total, ...STATES.map((st) => stored.s.total.states[st])].map(String),
      String(stored.s.total.overdue),
      String(stored.s.total.due),
      String(stored.s.total.onTime),
      stored.s.total.due
        ? formatCell({ t: "bp", v: Math.round((stored.s.total.onTime / stored.s.total.due) * 10_000) })
        : "—",
      String(stored.s.total.urges),
    ]);

    const dl = async (format: string) =>
      run(async () =>
        monthlyDownload({
          request: await requestAs("bureau", `/resources/monthly-report?month=2017-10&format=${format}`),
          ...args,
        }),
      );
    const book = await readXlsx(new Uint8Array(await (await dl("xlsx")).response!.arrayBuffer()));
    const sheet = book["督办事项办理情况"];
    expect(sheet[0]).toEqual(table.columns.map((c) => c.header));
    expect(sheet.slice(1).map((r) => [r[0], ...r.slice(1, 11), r[12]])).toEqual(
      [...stored.s.rows, { ...stored.s.total, unit: "合计" }].map((r) => [
        r.unit,
        r.total,
        ...STATES.map((st) => r.states[st]),
        r.overdue,
        r.due,
        r.onTime,
        r.urges,
      ]),
    );
    const doc = await readDocx(await (await dl("docx")).response!.arrayBuffer());
    expect(doc.paragraphs).toContain(table.title);
    // the 督办 table by its header row (the 重点专项 section, decision 200, follows it)
    const headers = JSON.stringify(table.columns.map((c) => c.header));
    expect(doc.tables.find((t) => JSON.stringify(t[0]) === headers)).toEqual([
      table.columns.map((c) => c.header),
      ...table.rows.map((r) => r.cells.map(formatCell)),
    ]);
    const pdf = await readPdf(new Uint8Array(await (await dl("pdf")).response!.arrayBuffer()));
    expectInOrder(pdf.items, [table.title, ...table.rows.flatMap((r) => r.cells.slice(1).map(formatCell))]);
  }, 120_000);

  it("the running month's section is the 督办台账's own numbers (city and a county), a county reading its own", async () => {
    const report = await run(async () =>
      monthlyLoader({ request: await requestAs("bureau", "/reports/monthly?month=2017-11"), ...args }),
    );
    const s = (report.data as { model: MonthlyReport }).model.supervision!;
    const ledger = (
      await run(async () => ledgerLoader({ request: await requestAs("bureau", "/supervision"), ...args }))
    ).data as { total: Stat; units: (Stat & { unitId: number; unit: string })[] };
    const pick = (x: Stat) => ({ total: x.total, overdue: x.overdue, due: x.due, onTime: x.onTime, urges: x.urges });
    expect(pick(s.total)).toEqual(pick(ledger.total));
    expect(s.rows.map((r) => ({ unitId: r.unitId, ...pick(r) }))).toEqual(
      ledger.units.map((u) => ({ unitId: u.unitId, ...pick(u) })),
    );
    expect(s.total.total).toBe(await prisma.supervision.count());
    expect(s).toEqual(await expected("2017-12-01T00:00:00+08:00", s.at));
    // a county's own report: its government's items, as its ledger
    const cr = await run(async () =>
      monthlyLoader({ request: await requestAs(countyUsername, "/reports/monthly?month=2017-11"), ...args }),
    );
    const cs = (cr.data as { model: MonthlyReport }).model.supervision!;
    const cl = (
      await run(async () => ledgerLoader({ request: await requestAs(countyUsername, "/supervision"), ...args }))
    ).data as { total: Stat };
    expect(pick(cs.total)).toEqual(pick(cl.total));
    expect(cs).toEqual(await expected("2017-12-01T00:00:00+08:00", cs.at, countyId));
  });
});

function input(over: Partial<Parameters<typeof createSupervision>[1]> = {}) {
  return {
    title: "吉利项目用地报批",
    instruction: "请市国土资源局牵头，县政府配合，7个工作日内解决用地报批问题。",
    level: "KEY" as const,
    source: "PROJECT" as const,
    projectId,
    issueId: null,
    reportMonth: null,
    leadUnitId: guotuId,
    assistUnitIds: [countyGovId],
    due: { kind: "days" as const, days: 7 },
    ...over,
  };
}
