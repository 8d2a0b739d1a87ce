// Contacts of an enterprise (issue 15 §1, docs/decisions/116): added, changed and removed by whoever may edit the
// enterprise (canEditEnterprise). Each write locks the enterprise row, so two people editing its contacts at once
// take turns; making a contact the primary one clears the flag on the others in the same transaction; all audited.
import type { EnterpriseContactValues } from "~/domain/enterpriseContactForm";
import { canEditEnterprise, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { audit, diffFields } from "~/utils/audit.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import { db } from "./db.server";
import { enterpriseScope } from "./scope.server";

const CONTACT_SELECT = { id: true, name: true, title: true, phone: true, isPrimary: true } as const;

/** The enterprise (locked) when it is in the viewer's scope and theirs to edit; 404 / 403 otherwise. */
async function lockEditable(tx: Tx, viewer: Viewer, enterpriseId: number) {
  await tx.$queryRaw`SELECT id FROM enterprise WHERE id = ${enterpriseId} FOR UPDATE`;
  const e = await tx.enterprise.findFirst({
    where: { AND: [{ id: enterpriseId }, enterpriseScope(viewer)] },
    select: { id: true, name: true, countyId: true },
  });
  if (!e) throw Refusal.notFound();
  if (!canEditEnterprise(viewer, e)) throw Refusal.forbidden("您没有修改该企业联系人的权限");
  return e;
}

async function clearOtherPrimaries(tx: Tx, enterpriseId: number, keepId: number) {
  await tx.enterpriseContact.updateMany({
    where: { enterpriseId, isPrimary: true, id: { not: keepId } },
    data: { isPrimary: false },
  });
}

/** The enterprise and its contacts for the contacts page (phones in full: only editors open it). */
export async function contactsPage(viewer: Viewer, enterpriseId: number) {
  const e = await db.as(viewer).enterprise.findFirst({
    where: { id: enterpriseId },
    select: {
      id: true,
      name: true,
      countyId: true,
      contacts: { select: CONTACT_SELECT, orderBy: [{ isPrimary: "desc" }, { id: "asc" }] },
    },
  });
  return e;
}

export async function addContact(
  viewer: Viewer,
  enterpriseId: number,
  v: EnterpriseContactValues,
  claim?: CreateClaim,
): Promise<number> {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const e = await lockEditable(tx, viewer, enterpriseId);
      const c = await tx.enterpriseContact.create({ data: { enterpriseId, ...v }, select: { id: true } });
      if (v.isPrimary) await clearOtherPrimaries(tx, enterpriseId, c.id);
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "EnterpriseContact",
        entityId: c.id,
        after: { 企业: e.name, ...v },
      });
      return c.id;
    }),
  );
}

export async function updateContact(
  viewer: Viewer,
  enterpriseId: number,
  contactId: number,
  v: EnterpriseContactValues,
) {
  return prisma.$transaction(async (tx) => {
    const e = await lockEditable(tx, viewer, enterpriseId);
    const before = await tx.enterpriseContact.findFirst({
      where: { id: contactId, enterpriseId },
      select: CONTACT_SELECT,
    });
    if (!before) throw Refusal.form("该联系人已被他人删除，请刷新页面", 409);
    const d = diffFields(before, v);
    if (d.changed.length === 0) return { changed: [] as string[] };
    await tx.enterpriseContact.update({ where: { id: contactId }, data: v });
    if (v.isPrimary) await clearOtherPrimaries(tx, enterpriseId, contactId);
    await audit(tx, {
      actorId: viewer.id,
      action: "UPDATE",
      entity: "EnterpriseContact",
      entityId: contactId,
      before: { 企业: e.name, 姓名: before.name, ...d.before },
      after: { 企业: e.name, 姓名: v.name, ...d.after },
    });
    return { changed: d.changed };
  });
}

export async function removeContact(viewer: Viewer, enterpriseId: number, contactId: number) {
  return prisma.$transaction(async (tx) => {
    const e = await lockEditable(tx, viewer, enterpriseId);
    const before = await tx.enterpriseContact.findFirst({
      where: { id: contactId, enterpriseId },
      select: CONTACT_SELECT,
    });
    // already gone (a second click, or someone else removed it): nothing to do
    if (!before) return false;
    await tx.enterpriseContact.delete({ where: { id: contactId } });
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "EnterpriseContact",
      entityId: contactId,
      before: { 企业: e.name, ...before },
    });
    return true;
  });
}
