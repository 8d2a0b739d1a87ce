// Merging two records of one enterprise (issue 15 §1, docs/decisions/118): the survivor keeps its name and code; the
// duplicate's projects, issues, contacts, enterprise accounts, leads and service logs (and rows of any other table
// that references an enterprise) move to it; its empty fields are filled from the duplicate; the duplicate is
// deleted. One transaction, both rows locked in id order, both versions checked; audited on both records.
import type { EnterpriseMergeValues } from "~/domain/enterpriseMergeForm";
import { canMergeEnterprises, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { Prisma } from "~/generated/prisma/client";
import { audit, diffFields } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { prisma, type Tx } from "~/utils/db.server";

const MERGE_SELECT = {
  id: true,
  name: true,
  creditCode: true,
  version: true,
  countyId: true,
  serviceTeamId: true,
  originRegion: true,
  address: true,
  annualOutput: true,
  isKeyEnterprise: true,
} as const;

/** The tables the merge moves by name; anything else referencing enterprise(id) is moved by the catalog sweep. */
const KNOWN_REFERENCES = new Set([
  "project.enterprise_id",
  "coordination_issue.enterprise_id",
  "enterprise_contact.enterprise_id",
  "app_user.enterprise_id",
  "lead.enterprise_id",
  "service_log.enterprise_id",
]);

export const label = (e: { name: string; creditCode: string }) => `${e.name}（${e.creditCode}）`;

/** Rows of other tables that reference enterprise(id) (e.g. registrations), found in the catalog, moved too. */
async function moveOtherReferences(tx: Tx, from: number, to: number): Promise<number> {
  const refs = await tx.$queryRaw<{ tbl: string; col: string }[]>`
    SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f' AND c.confrelid = 'enterprise'::regclass AND array_length(c.conkey, 1) = 1`;
  let moved = 0;
  for (const r of refs) {
    if (KNOWN_REFERENCES.has(`${r.tbl}.${r.col}`)) continue;
    const col = `"${r.col.replace(/"/g, '""')}"`;
    // the table name comes from the catalog (regclass text, quoted where needed), never from input
    moved +=
      await tx.$executeRaw`UPDATE ${Prisma.raw(r.tbl)} SET ${Prisma.raw(col)} = ${to} WHERE ${Prisma.raw(col)} = ${from}`;
  }
  return moved;
}

/** "项目 2 个、诉求 1 件…" — what moved, for the audit log; kinds with nothing moved are left out. */
export function movedText(m: Record<string, number>): string {
  const units: [string, string, string][] = [
    ["movedProjects", "项目", "个"],
    ["movedIssues", "诉求", "件"],
    ["movedContacts", "联系人", "位"],
    ["movedUsers", "企业账号", "个"],
    ["movedLeads", "招商线索", "条"],
    ["movedServiceLogs", "服务记录", "条"],
    ["movedOther", "其他记录", "条"],
  ];
  const parts = units.filter(([k]) => (m[k] ?? 0) > 0).map(([k, what, unit]) => `${what} ${m[k]} ${unit}`);
  return parts.length ? parts.join("、") : "无";
}

export async function mergeEnterprises(viewer: Viewer, survivorId: number, v: EnterpriseMergeValues) {
  if (!canMergeEnterprises(viewer)) throw Refusal.forbidden("只有系统管理员、市投资促进局和市经信委可以合并企业记录");
  if (v.duplicateId === survivorId)
    throw Refusal.fields({ duplicateId: "不能把企业记录与它自身合并，请选择另一条重复记录" }, "请修改标出的字段");
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM enterprise WHERE id IN (${survivorId}, ${v.duplicateId}) ORDER BY id FOR UPDATE`;
    const [s, d] = await Promise.all([
      tx.enterprise.findUnique({ where: { id: survivorId }, select: MERGE_SELECT }),
      tx.enterprise.findUnique({ where: { id: v.duplicateId }, select: MERGE_SELECT }),
    ]);
    if (!s) throw Refusal.notFound();
    if (!d)
      throw Refusal.fields(
        { duplicateId: "该重复记录已不存在（可能已被他人合并或删除），请重新选择" },
        "合并未执行",
        409,
      );
    if (s.version !== v.survivorVersion || d.version !== v.duplicateVersion)
      throw Refusal.form(
        `确认合并后，「${s.version !== v.survivorVersion ? s.name : d.name}」的信息已被他人修改，合并未执行。请核对两条记录后重新确认。`,
        409,
      );

    // the duplicate's contacts come along; the survivor's primary contact stays the only one
    const survivorHasPrimary =
      (await tx.enterpriseContact.count({ where: { enterpriseId: s.id, isPrimary: true } })) > 0;
    if (survivorHasPrimary)
      await tx.enterpriseContact.updateMany({
        where: { enterpriseId: d.id, isPrimary: true },
        data: { isPrimary: false },
      });
    const move = { where: { enterpriseId: d.id }, data: { enterpriseId: s.id } };
    const moved = {
      movedProjects: (await tx.project.updateMany(move)).count,
      movedIssues: (await tx.coordinationIssue.updateMany(move)).count,
      movedContacts: (await tx.enterpriseContact.updateMany(move)).count,
      movedUsers: (await tx.user.updateMany(move)).count,
      movedLeads: (await tx.lead.updateMany(move)).count,
      movedServiceLogs: (await tx.serviceLog.updateMany(move)).count,
      movedOther: await moveOtherReferences(tx, d.id, s.id),
    };

    // what the survivor lacks, it takes from the duplicate; 优势企业 if either was
    const filled = {
      countyId: s.countyId ?? d.countyId,
      serviceTeamId: s.serviceTeamId ?? d.serviceTeamId,
      originRegion: s.originRegion ?? d.originRegion,
      address: s.address ?? d.address,
      annualOutput: s.annualOutput ?? d.annualOutput,
      isKeyEnterprise: s.isKeyEnterprise || d.isKeyEnterprise,
    };
    const change = diffFields(s, filled);
    await tx.enterprise.delete({ where: { id: d.id } });
    await updateVersioned(tx.enterprise, "Enterprise", s.id, s.version, filled);
    await audit(tx, {
      actorId: viewer.id,
      action: "MERGE",
      entity: "Enterprise",
      entityId: s.id,
      before: { name: s.name, ...change.before },
      after: { name: s.name, mergedFrom: label(d), movedRecords: movedText(moved), ...change.after },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "Enterprise",
      entityId: d.id,
      before: d,
      after: { mergedInto: label(s) },
    });
    return { survivor: s, duplicate: d, moved };
  });
}

/** What moving the duplicate would bring: counts per kind, for the confirmation. */
export async function mergeCandidate(id: number) {
  const e = await prisma.enterprise.findUnique({
    where: { id },
    select: {
      ...MERGE_SELECT,
      county: { select: { name: true } },
      serviceTeam: { select: { name: true } },
      _count: { select: { projects: true, issues: true, contacts: true, users: true, leads: true, serviceLogs: true } },
    },
  });
  return e;
}
