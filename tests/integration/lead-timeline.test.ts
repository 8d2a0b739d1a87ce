// A lead's activity timeline (issue 22 item 2): logging a touch with a file and a next step (one transaction: the
// touch, its attachment, the lead's 下次跟进 and last touch, audited; a repeated submission logs it once), the
// Chinese field errors, who may log and who may download the file, and the timeline merging touches with the
// lead's stage moves and amount/owner changes in time order.
import { describe, expect, it } from "vitest";
import { addDays } from "~/domain/dates";
import { action as leadAction, loader as leadLoader } from "~/routes/_app.leads.$leadId/route";
import { action as touchAction, loader as touchLoader } from "~/routes/_app.leads.$leadId_.touch/route";
import { loader as attachmentLoader } from "~/routes/resources.attachments.$attachmentId";
import type { TimelineItem } from "~/models/leadTouch.server";
import { today as clockToday } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { postForm, postMultipart, requestAs, run } from "../support/requests";
import { countyId, testSql } from "../support/sql";

const sql = testSql();
const PDF = new TextEncoder().encode("%PDF-1.4\n% 考察报告\n%%EOF\n") as Uint8Array<ArrayBuffer>;

async function openLeadIn(county: string) {
  return prisma.lead.findFirstOrThrow({
    where: { countyId: await countyId(sql, county), stage: "CONTACT" },
    orderBy: { id: "asc" },
  });
}

async function logTouch(
  user: string,
  leadId: number,
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array<ArrayBuffer> },
) {
  const request = await postMultipart(
    user,
    `/leads/${leadId}/touch`,
    fields,
    file ? { field: "attachments", name: file.name, type: "application/pdf", bytes: file.bytes } : undefined,
  );
  return run(() => touchAction({ request, params: { leadId: String(leadId) }, context: {} }));
}

async function timeline(user: string, leadId: number): Promise<TimelineItem[]> {
  const r = await run(async () =>
    leadLoader({ request: await requestAs(user, `/leads/${leadId}`), params: { leadId: String(leadId) }, context: {} }),
  );
  expect(r.status).toBe(200);
  return (r.data as { timeline: TimelineItem[] }).timeline;
}

const visit = (today: string) => ({
  kind: "VISIT_IN",
  occurredOn: today,
  ourPeople: "李国庆（市投资促进局）",
  theirPeople: "王总（董事长）、刘工（总工程师）",
  content: "来晋考察榆次工业园区，查看拟选地块，对用电价格和土地出让方式提出疑问。",
  nextStep: "寄送意向书",
  nextStepOn: addDays(today, 5),
});

describe("logging a touch", () => {
  it("a 来晋考察 with a file and a next step: touch, attachment, 下次跟进 and last touch in one write, audited once per submission", async () => {
    const today = clockToday();
    const lead = await openLeadIn("榆次区");
    const fields = { ...visit(today), createToken: "0d6f1b8e-1c39-4d7e-9d55-3c1a2b4e5f60" };
    const r = await logTouch("bureau", lead.id, fields, { name: "考察报告.pdf", bytes: PDF });
    expect(r.status).toBe(302);
    expect(r.response!.headers.get("Location")).toBe(`/leads/${lead.id}#timeline`);
    // the same form sent again (a double click, a retried request) logs nothing more
    expect((await logTouch("bureau", lead.id, fields, { name: "考察报告.pdf", bytes: PDF })).status).toBe(302);
    const touches = await prisma.leadTouch.findMany({ where: { leadId: lead.id }, include: { attachments: true } });
    expect(touches).toHaveLength(1);
    expect(touches[0]).toMatchObject({ kind: "VISIT_IN", nextStep: "寄送意向书" });
    expect(touches[0].attachments.map((a) => a.fileName)).toEqual(["考察报告.pdf"]);
    const after = await prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after.nextFollowUpOn!.toISOString().slice(0, 10)).toBe(addDays(today, 5));
    expect(after.lastTouchOn!.toISOString().slice(0, 10)).toBe(today);
    expect(after.version).toBe(lead.version + 1);
    const audits = await prisma.auditEvent.findMany({
      where: { entity: "LeadTouch", entityId: String(touches[0].id) },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0].after).toMatchObject({ leadId: lead.id, kind: "VISIT_IN", attachments: ["考察报告.pdf"] });

    // the file: the bureau and the lead's county download it; a team and another county get 404
    const id = String(touches[0].attachments[0].id);
    const get = async (user: string) =>
      run(async () =>
        attachmentLoader({
          request: await requestAs(user, `/resources/attachments/${id}`),
          params: { attachmentId: id },
          context: {},
        }),
      );
    expect((await get("bureau")).status).toBe(200);
    expect((await get("county.yuci")).status).toBe(200);
    expect((await get("county.jiexiu")).status).toBe(404);
    expect((await get("team01")).status).toBe(404);
  });

  it("says in Chinese what is wrong, next to the field", async () => {
    const today = clockToday();
    const lead = await openLeadIn("榆次区");
    const before = await prisma.leadTouch.count({ where: { leadId: lead.id } });
    const errorsOf = async (fields: Record<string, string>) => {
      const r = await logTouch("bureau", lead.id, fields);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      return (r.data as { fieldErrors: Record<string, string> }).fieldErrors;
    };
    expect(await errorsOf({})).toMatchObject({
      kind: "请选择跟进方式",
      occurredOn: "请填写跟进日期",
      ourPeople: "请填写我方人员",
      theirPeople: "请填写对方人员",
      content: "请填写跟进内容",
    });
    expect(await errorsOf({ ...visit(today), nextStepOn: "" })).toMatchObject({ nextStepOn: "请填写下一步的日期" });
    expect(
      await errorsOf({ ...visit(today), occurredOn: addDays(today, 1), nextStepOn: addDays(today, 2) }),
    ).toMatchObject({ occurredOn: `跟进日期不能晚于今天（${today}）` });
    expect(await errorsOf({ ...visit(addDays(today, -10)), nextStepOn: addDays(today, -3) })).toMatchObject({
      nextStepOn: `下一步日期不能早于今天（${today}）`,
    });
    expect(await prisma.leadTouch.count({ where: { leadId: lead.id } })).toBe(before);
  });

  it("only the bureau and the lead's own county log touches", async () => {
    const lead = await openLeadIn("榆次区");
    for (const user of ["leader", "eic", "team01", "ent.geely", "county.jiexiu"]) {
      const r = await logTouch(user, lead.id, visit(clockToday()));
      expect([403, 404], user).toContain(r.status);
      const page = await run(async () =>
        touchLoader({
          request: await requestAs(user, `/leads/${lead.id}/touch`),
          params: { leadId: String(lead.id) },
          context: {},
        }),
      );
      expect([403, 404], user).toContain(page.status);
    }
    expect((await logTouch("county.yuci", lead.id, { ...visit(clockToday()), kind: "CALL" })).status).toBe(302);
  });
});

describe("the timeline", () => {
  it("shows touches, stage moves and amount/owner changes together, newest first", async () => {
    const today = clockToday();
    const lead = await openLeadIn("介休市");
    expect(
      (await logTouch("bureau", lead.id, { ...visit(today), kind: "CALL", occurredOn: addDays(today, -2) })).status,
    ).toBe(302);
    expect((await logTouch("bureau", lead.id, visit(today))).status).toBe(302);
    const v = (await prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).version;
    const moved = await run(async () =>
      leadAction({
        request: await postForm("bureau", `/leads/${lead.id}`, {
          intent: "move",
          stage: "INSPECTION",
          version: String(v),
        }),
        params: { leadId: String(lead.id) },
        context: {},
      }),
    );
    expect(moved.status).toBe(302);
    const items = await timeline("bureau", lead.id);
    const kinds = items.map((i) =>
      i.type === "touch" ? `touch:${i.kind}` : i.type === "event" ? `event:${i.event.id}` : `change:${i.action}`,
    );
    // today: the move (made after the visit was logged), the visit; two days ago: the call; then the lead's older history
    expect(kinds.slice(0, 3)).toEqual([expect.stringMatching(/^change:/), "touch:VISIT_IN", "touch:CALL"]);
    const move = items[0] as Extract<TimelineItem, { type: "change" }>;
    expect(move.change).toContain("考察");
    const dates = items.map((i) => i.on);
    expect([...dates].sort().reverse()).toEqual(dates);
    const visitItem = items[1] as Extract<TimelineItem, { type: "touch" }>;
    expect(visitItem).toMatchObject({
      nextStep: "寄送意向书",
      nextStepOn: addDays(today, 5),
      theirPeople: visit(today).theirPeople,
    });
  });
});
