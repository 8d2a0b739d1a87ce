// The investor enterprise of a form (the project form, a lead's signing): picked from the register, looked up by
// exact name or credit code (the picker's text without JavaScript), created (credit code checked and unique, no
// second enterprise under a registered name), or none. Runs inside the caller's transaction, audited.
import { normalizeCreditCode } from "~/domain/creditCode";
import { Refusal } from "~/domain/refusal";
import type { Viewer } from "~/domain/permissions";
import { audit } from "~/utils/audit.server";
import { prisma, type Tx } from "~/utils/db.server";

export type ExistingEnterprise = { id: number; name: string; creditCode: string };

export interface EnterpriseChoice {
  enterpriseMode: "existing" | "new" | "none";
  enterpriseId: number | null;
  enterpriseQuery: string | null;
  newEnterpriseName: string | null;
  newEnterpriseCreditCode: string | null;
}

const ENTERPRISE_SELECT = { id: true, name: true, creditCode: true } as const;

/** A refusal next to the enterprise fields, offering the registered enterprise to pick instead. */
function offer(field: string, message: string, existing: ExistingEnterprise) {
  return new Refusal({ fieldErrors: { [field]: message }, existingEnterprise: existing });
}

export function creditCodeTaken(existing: ExistingEnterprise) {
  return offer("newEnterpriseCreditCode", `该统一社会信用代码已登记为「${existing.name}」，请直接选用该企业`, existing);
}

/**
 * A unique-key failure of a save that was creating an enterprise: someone registered the same credit code after
 * our check (concurrently). Returns the refusal the form shows next to the field, or null for any other failure.
 */
export async function lostCreditCodeRace(e: unknown, form: EnterpriseChoice): Promise<Refusal | null> {
  if ((e as { code?: string }).code !== "P2002" || form.enterpriseMode !== "new") return null;
  const creditCode = normalizeCreditCode(form.newEnterpriseCreditCode ?? "");
  const existing = await prisma.enterprise.findUnique({ where: { creditCode }, select: ENTERPRISE_SELECT });
  return existing ? creditCodeTaken(existing) : null;
}

/** The enterprise id the choice names (creating it when asked), or null for "none". */
export async function resolveEnterprise(
  tx: Tx,
  viewer: Viewer,
  form: EnterpriseChoice,
  countyId: number,
): Promise<number | null> {
  if (form.enterpriseMode === "none") return null;
  if (form.enterpriseMode === "existing") {
    const q = (form.enterpriseQuery ?? "").trim();
    if (form.enterpriseId) {
      const e = await tx.enterprise.findUnique({ where: { id: form.enterpriseId }, select: ENTERPRISE_SELECT });
      // Without JavaScript the hidden id can go stale while the text is edited: the text wins when they disagree.
      if (e && (!q || q === e.name || normalizeCreditCode(q) === e.creditCode)) return e.id;
      if (!e && !q) throw new Refusal({ fieldErrors: { enterpriseQuery: "所选企业不存在，请重新选择" } });
    }
    const matches = await tx.enterprise.findMany({
      where: { OR: [{ creditCode: normalizeCreditCode(q) }, { name: q }] },
      select: { id: true },
      take: 2,
    });
    if (matches.length !== 1) {
      throw new Refusal({
        fieldErrors: {
          enterpriseQuery: "未找到唯一匹配的企业：请从列表中选择，或填写准确的企业全称或统一社会信用代码",
        },
      });
    }
    return matches[0].id;
  }
  const name = (form.newEnterpriseName ?? "").trim();
  const creditCode = normalizeCreditCode(form.newEnterpriseCreditCode ?? "");
  const existing = await tx.enterprise.findUnique({ where: { creditCode }, select: ENTERPRISE_SELECT });
  if (existing) throw creditCodeTaken(existing);
  // The same name registered already is the same investor: link it rather than register a duplicate.
  const sameName = await tx.enterprise.findFirst({ where: { name }, select: ENTERPRISE_SELECT });
  if (sameName) {
    throw offer(
      "newEnterpriseName",
      `已登记同名企业「${sameName.name}」（${sameName.creditCode}），请直接选用该企业`,
      sameName,
    );
  }
  const created = await tx.enterprise.create({
    data: { name, creditCode, countyId },
    select: ENTERPRISE_SELECT,
  });
  await audit(tx, { actorId: viewer.id, action: "CREATE", entity: "Enterprise", entityId: created.id, after: created });
  return created.id;
}

/** The registered enterprise whose name is exactly the given one (a lead's investor), if any. */
export function enterpriseNamed(name: string): Promise<ExistingEnterprise | null> {
  return prisma.enterprise.findFirst({
    where: { name: name.trim() },
    select: ENTERPRISE_SELECT,
    orderBy: { id: "asc" },
  });
}
