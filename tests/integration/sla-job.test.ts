// The 13710 background job against the real PostgreSQL: two workers (separate connection pools, as two app
// instances would have) racing over one overdue issue escalate it exactly once, and its timeline stays complete
// and ordered. Also through pg-boss itself: two queue workers, many triggered sweeps, one escalation.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "~/generated/prisma/client";
import { runSlaSweep } from "~/jobs/slaSweep.server";
import { startSlaWorker, type SlaWorker } from "~/jobs/slaWorker.server";
import { applyIssueAction, submitIssue } from "~/models/issue.server";
import { prisma } from "~/utils/db.server";
import { viewerFor } from "../support/requests";
import { now as clockNow } from "~/utils/clock.server";

const DAY = 86_400_000;
const url = () => process.env.DATABASE_URL!;
const instances: PrismaClient[] = [];
function instance() {
  const c = new PrismaClient({ adapter: new PrismaPg({ connectionString: url(), max: 4 }) });
  instances.push(c);
  return c;
}
afterAll(async () => {
  await Promise.all(instances.map((c) => c.$disconnect()));
});

let geelyProjectId: number;
beforeAll(async () => {
  const geely = await viewerFor("ent.geely");
  const p = await prisma.project.findFirstOrThrow({
    where: { enterpriseId: geely.enterpriseId!, serviceTeam: { no: 1 } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  geelyProjectId = p.id;
});

/** An issue submitted by 吉利 `daysAgo` days ago and left alone since. */
async function staleIssue(daysAgo: number, title: string) {
  const r = await submitIssue(
    await viewerFor("ent.geely"),
    {
      category: "UTILITIES",
      title,
      description: "厂区用电负荷增加，需要协调增容，迟迟没有答复。",
      projectId: geelyProjectId,
    },
    [],
    new Date(clockNow().getTime() - daysAgo * DAY),
  );
  return r.id;
}

async function timeline(issueId: number) {
  return prisma.issueEvent.findMany({ where: { issueId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

describe("13710 sweep with two workers", () => {
  it("escalates an overdue issue exactly once; the events are complete and ordered", async () => {
    const id = await staleIssue(30, "二期用电增容迟迟未答复（并发测试）");
    const before = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
    expect(before.level).toBe("TEAM");
    expect(before.resolveDueAt!.getTime()).toBeLessThan(clockNow().getTime());

    const [a, b] = [instance(), instance()];
    const now = clockNow();
    const results = await Promise.all([
      runSlaSweep(a, now),
      runSlaSweep(b, now),
      runSlaSweep(a, now),
      runSlaSweep(b, now),
    ]);
    expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);

    const after = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
    expect(after).toMatchObject({
      level: "COUNTY",
      status: "SUBMITTED",
      escalationCount: 1,
      version: before.version + 1,
    });
    expect(after.clockStartedAt.getTime()).toBe(now.getTime());
    expect(after.acceptDueAt!.getTime()).toBeGreaterThan(now.getTime());
    expect(after.assigneeId).toBeNull();

    const events = await timeline(id);
    expect(events.map((e) => e.kind)).toEqual(["SUBMITTED", "OVERDUE", "OVERDUE", "OVERDUE", "AUTO_ESCALATED"]);
    expect(events.filter((e) => e.kind === "OVERDUE").map((e) => e.note?.slice(0, 4))).toEqual([
      "受理超时",
      "首次反馈",
      "办结超时",
    ]);
    const esc = events.at(-1)!;
    expect(esc).toMatchObject({
      fromStatus: "SUBMITTED",
      toStatus: "SUBMITTED",
      fromLevel: "TEAM",
      toLevel: "COUNTY",
      actorId: null,
    });
    expect(esc.note).toContain("系统自动上报县级");
    // ordered: ids follow time
    for (let i = 1; i < events.length; i++) {
      expect(events[i].createdAt.getTime()).toBeGreaterThanOrEqual(events[i - 1].createdAt.getTime());
      expect(events[i].id).toBeGreaterThan(events[i - 1].id);
    }

    // the county office is told once per person, and the audit log has the escalation once
    const county = await prisma.user.findMany({
      where: { role: "COUNTY", countyId: after.countyId },
      select: { id: true },
    });
    expect(county.length).toBeGreaterThan(0);
    const notes = await prisma.notification.findMany({ where: { issueId: id, kind: "ESCALATED" } });
    expect(notes.map((n) => n.userId).sort()).toEqual(county.map((u) => u.id).sort());
    expect(
      await prisma.auditEvent.count({
        where: { entity: "CoordinationIssue", entityId: String(id), action: "ISSUE_AUTO_ESCALATE" },
      }),
    ).toBe(1);

    // later sweeps change nothing: the new clock at the county is fresh
    await Promise.all([runSlaSweep(a), runSlaSweep(b)]);
    expect((await timeline(id)).length).toBe(events.length);
    expect((await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } })).version).toBe(after.version);
  });

  it("marks an overdue step once, notifies the assignee, and escalates only when the resolve deadline passes", async () => {
    const id = await staleIssue(5, "员工公寓配套需求（超时标记测试）");
    const team01 = await viewerFor("team01");
    const issue = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
    // accepted in time (within its first working day), then left without feedback
    const acceptedAt = new Date(issue.acceptDueAt!.getTime() - 3_600_000);
    const r = await applyIssueAction(
      team01,
      id,
      issue.version,
      { type: "accept", assigneeId: team01.id, assigneeName: team01.displayName },
      acceptedAt,
    );
    expect(r.ok).toBe(true);
    const now = new Date(issue.respondDueAt!.getTime() + 60_000);
    expect(now.getTime()).toBeLessThan(issue.resolveDueAt!.getTime());
    await Promise.all([runSlaSweep(instance(), now), runSlaSweep(instance(), now)]);
    await runSlaSweep(prisma, new Date(now.getTime() + 60_000));
    const events = await timeline(id);
    expect(events.map((e) => e.kind)).toEqual(["SUBMITTED", "ACCEPTED", "OVERDUE"]);
    const notes = await prisma.notification.findMany({ where: { issueId: id, kind: "OVERDUE" } });
    expect(notes.map((n) => n.userId)).toEqual([team01.id]);
    expect((await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } })).level).toBe("TEAM");
  });

  it("tells the assignee once when a step is due soon", async () => {
    const id = await staleIssue(0, "融资担保对接（临期提醒测试）");
    const issue = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
    const justBefore = new Date(issue.acceptDueAt!.getTime() - 60_000);
    await Promise.all([runSlaSweep(instance(), justBefore), runSlaSweep(instance(), justBefore)]);
    await runSlaSweep(prisma, new Date(justBefore.getTime() + 30_000));
    const team = await prisma.user.findMany({ where: { role: "TEAM", team: { no: 1 } }, select: { id: true } });
    const notes = await prisma.notification.findMany({ where: { issueId: id, kind: "DUE_SOON" } });
    expect(notes.map((n) => n.userId).sort()).toEqual(team.map((u) => u.id).sort());
    expect(await prisma.issueEvent.count({ where: { issueId: id, kind: { in: ["OVERDUE", "AUTO_ESCALATED"] } } })).toBe(
      0,
    );
  });
});

describe("13710 job on the pg-boss queue", () => {
  const workers: SlaWorker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });

  it("two queue workers, many sweeps: one escalation", async () => {
    const id = await staleIssue(25, "施工许可证办理材料需协调（队列测试）");
    const swept: string[] = [];
    for (const name of ["实例A", "实例B"]) {
      workers.push(
        await startSlaWorker({
          connectionString: url(),
          db: instance(),
          cron: null,
          sweepOnStart: false,
          pollingIntervalSeconds: 0.5,
          onSweep: (r) => swept.push(`${name}:${r.escalated}`),
          log: () => {},
        }),
      );
    }
    for (let i = 0; i < 4; i++) await Promise.all(workers.map((w) => w.trigger()));
    const deadline = Date.now() + 25_000;
    let events = await timeline(id);
    while (!events.some((e) => e.kind === "AUTO_ESCALATED") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      events = await timeline(id);
    }
    // let any queued sweeps finish
    while (
      Date.now() < deadline &&
      (await workers[0].boss.getQueueSize("sla-13710-sweep", { before: "completed" })) > 0
    ) {
      await new Promise((r) => setTimeout(r, 300));
    }
    events = await timeline(id);
    expect(swept.length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.kind === "AUTO_ESCALATED")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "OVERDUE")).toHaveLength(3);
    const issue = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
    expect(issue).toMatchObject({ level: "COUNTY", escalationCount: 1 });
  });
});
