// A project's 变更历史 reads as Chinese (issue 12 part 5): action, entity and field names in Chinese, enum values
// through the label maps, people by name, dates as 年月日 and times in Beijing time — no raw field names or ISO times.
import { describe, expect, it } from "vitest";
import { loader as detailLoader } from "~/routes/_app.projects.$projectId/route";
import { prisma } from "~/utils/db.server";
import { requestAs, run } from "../support/requests";

describe("project change history in Chinese", () => {
  it("shows milestone and issue changes without raw field names, enum codes, user ids or ISO timestamps", async () => {
    const project = await prisma.project.findFirstOrThrow({ orderBy: { id: "asc" }, select: { id: true } });
    const [actor, assignee] = await Promise.all([
      prisma.user.findUniqueOrThrow({ where: { username: "bureau" }, select: { id: true, displayName: true } }),
      prisma.user.findFirstOrThrow({ where: { role: "TEAM" }, select: { id: true, displayName: true } }),
    ]);
    // far in the future so they are the newest entries of the history
    await prisma.auditEvent.createMany({
      data: [
        {
          at: new Date("2099-12-06T03:21:47.544Z"),
          actorId: actor.id,
          action: "LOG_MILESTONE",
          entity: "Milestone",
          entityId: "1",
          projectId: project.id,
          before: { stage: "LAND", actualOn: null },
          after: { stage: "LAND", actualOn: "2018-03-20", attachment: { fileName: "供地批复.pdf" } },
        },
        {
          at: new Date("2099-12-06T03:22:00.000Z"),
          actorId: actor.id,
          action: "ISSUE_CONFIRM",
          entity: "CoordinationIssue",
          entityId: "1",
          projectId: project.id,
          before: { assigneeId: null, status: "RESOLVED" },
          after: {
            assigneeId: assignee.id,
            status: "CLOSED",
            closedAt: "2099-12-06T03:22:00.000Z",
            events: ["CONFIRMED"],
          },
        },
      ],
    });
    const res = await run(async () =>
      detailLoader({
        request: await requestAs("bureau", `/projects/${project.id}`),
        params: { projectId: String(project.id) },
        context: {},
      }),
    );
    const history = (res.data as { project: { history: Record<string, string>[] } }).project.history;
    const text = history.map((h) => `${h.at} ${h.actor} ${h.action} ${h.entity} ${h.change}`);
    // jsonb keeps its own key order, so the parts are checked one by one
    expect(text[0]).toMatch(new RegExp(`^2099年12月6日 11:22 ${actor.displayName} 企业确认解决 企业诉求 `));
    for (const part of [
      `承办人：空 → ${assignee.displayName}`,
      "状态：已解决待确认 → 已办结",
      "办结时间：2099年12月6日 11:22",
      "办理环节：企业确认解决",
    ])
      expect(text[0]).toContain(part);
    expect(text[1]).toMatch(new RegExp(`^2099年12月6日 11:21 ${actor.displayName} 登记里程碑 里程碑 `));
    expect(text[1]).toContain("实际日期：空 → 2018年3月20日");
    expect(text[1]).toContain("附件：供地批复.pdf");
    for (const t of text) {
      expect(t).not.toMatch(/\d{4}-\d{2}-\d{2}T|\b(stage|actualOn|assigneeId|attachment|status)\b|[A-Z]{2,}_[A-Z]/);
    }
  });
});
