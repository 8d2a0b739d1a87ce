// Merging two records of one 客商 (docs/decisions/175), the enterprise merge's pattern (decision 118): the survivor
// keeps its name; the duplicate's contacts, leads (with their touches) and 推介活动 attendance (decision 195) move to
// it; its empty fields are filled from the duplicate; the duplicate is deleted. One transaction, both rows locked in id order, both versions checked, audited on both.
import type { InvestorMergeValues } from "~/domain/investorForm";
import { canMergeInvestors, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { audit, diffFields } from "~/utils/audit.server";
import { now as clockNow } from "~/utils/clock.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { prisma } from "~/utils/db.server";

const MERGE_SELECT = {
  id: true,
  name: true,
  version: true,
  sourceRegion: true,
  industryId: true,
  enterpriseId: true,
  countyId: true,
  note: true,
} as const;

export async function mergeInvestors(viewer: Viewer, survivorId: number, v: InvestorMergeValues) {
  if (!canMergeInvestors(viewer)) throw Refusal.forbidden("只有系统管理员和市投资促进局可以合并客商");
  if (v.duplicateId === survivorId)
    throw Refusal.fields({ duplicateId: "不能把客商与它自身合并，请选择另一条重复记录" }, "请修改标出的字段");
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM investor WHERE id IN (${survivorId}, ${v.duplicateId}) ORDER BY id FOR UPDATE`;
    // inside one transaction: one statement at a time on its connection
    const s = await tx.investor.findUnique({ where: { id: survivorId }, select: MERGE_SELECT });
    const d = await tx.investor.findUnique({ where: { id: v.duplicateId }, select: MERGE_SELECT });
    if (!s) throw Refusal.notFound();
    if (!d)
      throw Refusal.fields(
        { duplicateId: "该重复客商已不存在（可能已被他人合并或删除），请重新选择" },
        "合并未执行",
        409,
      );
    if (s.version !== v.survivorVersion || d.version !== v.duplicateVersion)
      throw Refusal.form(
        `确认合并后，「${s.version !== v.survivorVersion ? s.name : d.name}」的信息已被他人修改，合并未执行。请核对两条记录后重新确认。`,
        409,
      );
    const movedContacts = (
      await tx.investorContact.updateMany({ where: { investorId: d.id }, data: { investorId: s.id } })
    ).count;
    const movedLeads = (await tx.lead.updateMany({ where: { investorId: d.id }, data: { investorId: s.id } })).count;
    // 推介活动 attendance (decision 195): an event both attended keeps the survivor's row, with the duplicate's people
    // added to it; the rest move
    const both = await tx.$queryRaw<{ keep: number; drop: number; people: string | null }[]>`
      SELECT s.id AS keep, d.id AS drop,
             CASE WHEN d.people IS NULL OR d.people = coalesce(s.people, '') THEN s.people
                  WHEN s.people IS NULL THEN d.people
                  ELSE left(s.people || '、' || d.people, 200) END AS people
        FROM event_attendee s JOIN event_attendee d ON d.event_id = s.event_id
       WHERE s.investor_id = ${s.id} AND d.investor_id = ${d.id}`;
    for (const b of both) {
      await tx.eventAttendee.delete({ where: { id: b.drop } });
      await tx.eventAttendee.update({ where: { id: b.keep }, data: { people: b.people } });
    }
    const movedAttendances =
      (await tx.eventAttendee.updateMany({ where: { investorId: d.id }, data: { investorId: s.id } })).count +
      both.length;
    const filled = {
      industryId: s.industryId ?? d.industryId,
      enterpriseId: s.enterpriseId ?? d.enterpriseId,
      countyId: s.countyId ?? d.countyId,
      note: s.note ?? d.note,
    };
    const change = diffFields(s, filled);
    await tx.investor.delete({ where: { id: d.id } });
    await updateVersioned(tx.investor, "Investor", s.id, s.version, { ...filled, updatedAt: clockNow() });
    const moved = [
      movedContacts ? `联系人 ${movedContacts} 位` : "",
      movedLeads ? `招商线索 ${movedLeads} 条` : "",
      movedAttendances ? `推介活动参会 ${movedAttendances} 次` : "",
    ]
      .filter(Boolean)
      .join("、");
    await audit(tx, {
      actorId: viewer.id,
      action: "INVESTOR_MERGE",
      entity: "Investor",
      entityId: s.id,
      before: { name: s.name, ...change.before },
      after: { name: s.name, mergedFrom: `${d.name}（#${d.id}）`, movedRecords: moved || "无", ...change.after },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "Investor",
      entityId: d.id,
      before: d,
      after: { mergedInto: `${s.name}（#${s.id}）` },
    });
    return { survivor: s, duplicate: d, movedContacts, movedLeads, movedAttendances };
  });
}

/** One side of the merge confirmation: its fields and what it holds. */
export async function investorMergeCandidate(id: number) {
  return prisma.investor.findUnique({
    where: { id },
    select: {
      ...MERGE_SELECT,
      industry: { select: { name: true } },
      county: { select: { name: true } },
      enterprise: { select: { name: true, creditCode: true } },
      _count: { select: { contacts: true, leads: true, attendances: true } },
    },
  });
}

/** Investors a name search finds as possible duplicates (excluding the survivor). */
export async function duplicateCandidates(survivorId: number, q: string) {
  const text = q.trim();
  if (!text) return [];
  return prisma.investor.findMany({
    where: { id: { not: survivorId }, name: { contains: text, mode: "insensitive" } },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 20,
  });
}
