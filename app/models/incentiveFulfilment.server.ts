// Incentive 兑现 (issue 18 §3, docs/decisions/206): a project's promised incentive with its condition and payments,
// read through the project's scope; those who edit the project (the bureau, admin, its county) set the condition
// (version-checked) and record payments (one-time token), never more than was promised; each write audited in its
// transaction. Whether money is to be recovered (追回) is the pure rule in app/domain/incentiveFulfilment.ts.
import { fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import {
  conditionState,
  recoveryReason,
  type FulfilmentFacts,
  type IncentiveConditionKind,
  type IncentiveConditionValues,
  type IncentivePaymentValues,
} from "~/domain/incentiveFulfilment";
import { formatWan } from "~/domain/money";
import { canEditProject, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import { findProjectRef } from "./projectAccess.server";

const PROJECT = { select: { pool: true, startedOn: true, completedOn: true, name: true } } as const;

type Row = {
  conditionKind: string | null;
  conditionValue: number | null;
  conditionDueOn: Date | null;
  reportedValue: number | null;
  project: { pool: string; startedOn: Date | null; completedOn: Date | null };
  payments: { amount: number }[];
};

function factsOf(r: Row): FulfilmentFacts {
  return {
    conditionKind: r.conditionKind as IncentiveConditionKind | null,
    conditionValue: r.conditionValue,
    conditionDueOn: r.conditionDueOn ? toIsoDate(r.conditionDueOn) : null,
    reportedValue: r.reportedValue,
    pool: r.project.pool,
    startedOn: r.project.startedOn ? toIsoDate(r.project.startedOn) : null,
    completedOn: r.project.completedOn ? toIsoDate(r.project.completedOn) : null,
    paid: r.payments.reduce((s, p) => s + p.amount, 0),
  };
}

/** Each incentive of a project: paid so far, condition state and the 追回 reason (null: nothing to recover). */
export async function fulfilmentOf(projectId: number, today: IsoDate) {
  const rows = await prisma.projectIncentive.findMany({
    where: { projectId },
    select: {
      id: true,
      conditionKind: true,
      conditionValue: true,
      conditionDueOn: true,
      reportedValue: true,
      project: PROJECT,
      payments: { select: { amount: true } },
    },
  });
  return new Map(
    rows.map((r) => {
      const f = factsOf(r);
      return [r.id, { paid: f.paid, state: conditionState(f, today), recovery: recoveryReason(f, today) }];
    }),
  );
}

/** One incentive with its payments, if its project is in the viewer's scope. */
export async function getFulfilment(viewer: Viewer, projectId: number, id: number, today: IsoDate) {
  const project = await findProjectRef(viewer, projectId);
  if (!project) return null;
  const r = await prisma.projectIncentive.findFirst({
    where: { id, projectId },
    include: {
      project: PROJECT,
      policy: { select: { title: true } },
      payments: { orderBy: [{ paidOn: "asc" }, { id: "asc" }] },
    },
  });
  if (!r) return null;
  const f = factsOf(r);
  return {
    project: { ...project, name: r.project.name },
    id: r.id,
    kind: r.kind,
    content: r.content,
    amount: r.amount,
    policy: r.policy?.title ?? null,
    conditionKind: f.conditionKind,
    conditionValue: r.conditionValue,
    conditionDueOn: f.conditionDueOn,
    reportedValue: r.reportedValue,
    version: r.version,
    pool: r.project.pool,
    startedOn: f.startedOn,
    completedOn: f.completedOn,
    paid: f.paid,
    state: conditionState(f, today),
    recovery: recoveryReason(f, today),
    payments: r.payments.map((p) => ({
      id: p.id,
      paidOn: toIsoDate(p.paidOn),
      amount: p.amount,
      voucherNo: p.voucherNo,
      note: p.note,
    })),
    canEdit: canEditProject(viewer, project),
  };
}

async function lockFor(tx: Tx, viewer: Viewer, projectId: number, id: number) {
  const project = await findProjectRef(viewer, projectId);
  if (!project) throw Refusal.notFound();
  if (!canEditProject(viewer, project)) throw Refusal.forbidden("您没有办理该项目优惠兑现的权限");
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM project_incentive WHERE id = ${id} AND project_id = ${projectId} FOR UPDATE`;
  if (!rows.length) throw Refusal.notFound("未找到该优惠政策记录");
  return tx.projectIncentive.findUniqueOrThrow({ where: { id }, include: { payments: { select: { amount: true } } } });
}

/** 兑现条件: the kind, threshold, due date and the value reported against it (version-checked). */
export async function saveCondition(viewer: Viewer, projectId: number, id: number, v: IncentiveConditionValues) {
  await prisma.$transaction(async (tx) => {
    const before = await lockFor(tx, viewer, projectId, id);
    const data = {
      conditionKind: v.conditionKind,
      conditionValue: v.conditionKind === "OUTPUT" || v.conditionKind === "TAX" ? v.conditionValue : null,
      conditionDueOn: v.conditionDueOn ? fromIsoDate(v.conditionDueOn) : null,
      reportedValue: v.conditionKind === "OUTPUT" || v.conditionKind === "TAX" ? v.reportedValue : null,
    };
    await updateVersioned(tx.projectIncentive, "ProjectIncentive", id, v.version, data);
    await audit(tx, {
      actorId: viewer.id,
      action: "INCENTIVE_CONDITION",
      entity: "ProjectIncentive",
      entityId: id,
      projectId,
      before: {
        conditionKind: before.conditionKind,
        conditionValue: before.conditionValue,
        conditionDueOn: before.conditionDueOn ? toIsoDate(before.conditionDueOn) : null,
        reportedValue: before.reportedValue,
      },
      after: { ...data, conditionDueOn: v.conditionDueOn },
    });
  });
}

/** 兑现: a payment of the promised incentive, at most what is left of the promise (when it names an amount). */
export async function addPayment(
  viewer: Viewer,
  projectId: number,
  id: number,
  v: IncentivePaymentValues,
  today: IsoDate,
  claim?: CreateClaim | null,
) {
  return prisma.$transaction((tx) =>
    once(tx, claim, async () => {
      const r = await lockFor(tx, viewer, projectId, id);
      const paid = r.payments.reduce((s, p) => s + p.amount, 0);
      const errors: Record<string, string> = {};
      if (v.paidOn > today) errors.paidOn = `兑现日期不能晚于今天（${today}）`;
      if (r.amount !== null && paid + v.amount > r.amount)
        errors.amount = `超出承诺金额：承诺 ${formatWan(r.amount)}，已兑现 ${formatWan(paid)}，可兑现 ${formatWan(r.amount - paid)}`;
      if (Object.keys(errors).length) throw Refusal.fields(errors, "请修改标出的字段");
      const p = await tx.incentivePayment.create({
        data: {
          incentiveId: id,
          paidOn: fromIsoDate(v.paidOn),
          amount: v.amount,
          voucherNo: v.voucherNo,
          note: v.note,
          createdById: viewer.id,
        },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "INCENTIVE_PAY",
        entity: "IncentivePayment",
        entityId: p.id,
        projectId,
        after: { incentiveId: id, paidOn: v.paidOn, amount: v.amount, voucherNo: v.voucherNo, note: v.note },
      });
      return p.id;
    }),
  );
}
