import { describe, expect, it } from "vitest";
import { auditActionLabel, auditEntityLabel } from "./auditLabels";
import { auditPeopleIds, auditValueText, describeAuditChange, formatAuditTime } from "./auditText";

const people = new Map([[19, "王晓东"]]);

describe("audit text", () => {
  it("shows a milestone change in Chinese with dates as 年月日", () => {
    const s = describeAuditChange(
      {
        entity: "Milestone",
        before: { stage: "LAND", actualOn: null, version: 1 },
        after: {
          stage: "LAND",
          actualOn: "2018-03-20",
          attachment: { fileName: "供地批复.pdf", size: 1000 },
          version: 2,
        },
      },
      people,
    );
    expect(s).toBe("实际日期：空 → 2018年3月20日；附件：供地批复.pdf");
  });
  it("names people instead of user ids and labels enum values", () => {
    const s = describeAuditChange(
      {
        entity: "CoordinationIssue",
        before: { assigneeId: null, status: "SUBMITTED" },
        after: { assigneeId: 19, status: "ACCEPTED", events: ["ACCEPTED", "ASSIGNED"] },
      },
      people,
    );
    expect(s).toBe("承办人：空 → 王晓东；状态：已提交 → 已受理；办理环节：受理、指派");
    expect(s).not.toMatch(/assigneeId|SUBMITTED|19/);
  });
  it("shows instants in Beijing time to the minute and end-of-day deadlines as 24:00", () => {
    expect(formatAuditTime("2026-12-06T03:21:47.544Z")).toBe("2026年12月6日 11:21");
    expect(auditValueText("CoordinationIssue", "closedAt", "2026-12-06T03:21:47.544Z")).toBe("2026年12月6日 11:21");
    expect(auditValueText("CoordinationIssue", "resolveDueAt", "2026-12-14T16:00:00.000Z")).toBe(
      "2026年12月14日（周一）24:00",
    );
  });
  it("labels every action a person can meet, including backups, the demo clock and issue steps", () => {
    for (const a of [
      "BACKUP_START",
      "CLOCK_MOVE",
      "ISSUE_CONFIRM",
      "ISSUE_MARKCOMPLEX",
      "LOGIN_FAILED",
      "PASSWORD_RESET",
    ]) {
      expect(auditActionLabel(a)).toMatch(/^[^A-Z_]+$/);
    }
    expect(auditEntityLabel("CoordinationIssue")).toBe("企业诉求");
    expect(auditEntityLabel("AppClock")).toBe("演示时钟");
  });
  it("shows a lead's stage move and method in Chinese", () => {
    const s = describeAuditChange({
      entity: "Lead",
      before: { stage: "CONTACT" },
      after: { stage: "ABANDONED", abandonReason: "企业转投外省" },
    });
    expect(s).toMatch(/^阶段：\S+ → \S+；放弃原因：企业转投外省$/);
    expect(s).not.toMatch(/CONTACT|ABANDONED/);
  });
  it("hides bookkeeping, booleans as 是/否, and collects person ids for one lookup", () => {
    expect(
      describeAuditChange({ entity: "Project", before: null, after: { isTransformation: true, version: 3 } }),
    ).toBe("技改项目：是");
    expect(
      describeAuditChange({ entity: "Project", before: { totalInvestment: 50000 }, after: { totalInvestment: 59000 } }),
    ).toBe("总投资：50,000万元 → 59,000万元");
    expect(auditPeopleIds([{ actorId: 2, before: { assigneeId: 19 }, after: { handlerId: "7", amount: 5 } }])).toEqual([
      2, 19, 7,
    ]);
  });
});
