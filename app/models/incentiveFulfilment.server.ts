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
  type IncentiveRecoveryEditValues,
  type IncentiveRecoveryValues,
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
      recoveries: { orderBy: [{ recoveredOn: "asc" }, { id: "asc" }] },
    },
  });
  if (!r) return null;
  const f = factsOf(r);
  const recovered = r.recoveries.reduce((s, x) => s + x.amount, 0);
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
    recovered,
    recoveries: r.recoveries.map((x) => ({
      id: x.id,
      recoveredOn: toIsoDate(x.recoveredOn),
      amount: x.amount,
      voucherNo: x.voucherNo,
      note: x.note,
      version: x.version,
    })),
    // 追回登记 (docs/decisions/274): the bureau and admin any county's, a county its own — those who edit the project
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

/** Σ paid, Σ recovered (other than `except`) and the first payment date of a locked incentive. */
async function recoveryRoom(tx: Tx, id: number, except?: number) {
  const [r] = await tx.$queryRaw<{ paid: number; first_paid: Date | null; recovered: number }[]>`
    SELECT (SELECT COALESCE(sum(amount), 0)::int FROM incentive_payment WHERE incentive_id = ${id}) AS paid,
           (SELECT min(paid_on) FROM incentive_payment WHERE incentive_id = ${id}) AS first_paid,
           (SELECT COALESCE(sum(amount), 0)::int FROM incentive_recovery
             WHERE incentive_id = ${id} AND id <> ${except ?? 0}) AS recovered`;
  return { paid: r.paid, firstPaid: r.first_paid ? toIsoDate(r.first_paid) : null, recovered: r.recovered };
}

/** The field errors of a recovery: dated by today and not before the money went out, the total within what was paid. */
function recoveryErrors(
  v: IncentiveRecoveryValues | IncentiveRecoveryEditValues,
  room: Awaited<ReturnType<typeof recoveryRoom>>,
  today: IsoDate,
) {
  const errors: Record<string, string> = {};
  if (v.recoveredOn > today) errors.recoveredOn = `追回日期不能晚于今天（${today}）`;
  else if (room.firstPaid && v.recoveredOn < room.firstPaid)
    errors.recoveredOn = `追回日期不能早于首次兑现日期（${room.firstPaid}）`;
  if (room.recovered + v.amount > room.paid)
    errors.amount = `超出已兑现金额：已兑现 ${formatWan(room.paid)}，已追回 ${formatWan(room.recovered)}，最多还可追回 ${formatWan(Math.max(0, room.paid - room.recovered))}`;
  if (Object.keys(errors).length) throw Refusal.fields(errors, "请修改标出的字段");
}

/**
 * 追回登记 (docs/decisions/274): money returned on an incentive the 追回 rule flags, one of several partial
 * recoveries; the incentive row is locked so two recoveries at once cannot together pass what was paid.
 */
export async function addRecovery(
  viewer: Viewer,
  projectId: number,
  id: number,
  v: IncentiveRecoveryValues,
  today: IsoDate,
  claim?: CreateClaim | null,
) {
  return prisma.$transaction((tx) =>
    once(tx, claim, async () => {
      const r = await lockFor(tx, viewer, projectId, id);
      const facts = await tx.projectIncentive.findUniqueOrThrow({
        where: { id },
        select: {
          conditionKind: true,
          conditionValue: true,
          conditionDueOn: true,
          reportedValue: true,
          project: PROJECT,
          payments: { select: { amount: true } },
        },
      });
      if (!recoveryReason(factsOf(facts), today))
        throw Refusal.form("该优惠不在追回清单上（未兑现，或项目未调出且未错过兑现条件），不能登记追回", 409);
      recoveryErrors(v, await recoveryRoom(tx, r.id), today);
      const x = await tx.incentiveRecovery.create({
        data: {
          incentiveId: id,
          recoveredOn: fromIsoDate(v.recoveredOn),
          amount: v.amount,
          voucherNo: v.voucherNo,
          note: v.note,
          createdById: viewer.id,
        },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "INCENTIVE_RECOVER",
        entity: "IncentiveRecovery",
        entityId: x.id,
        projectId,
        after: {
          incentiveId: id,
          recoveredOn: v.recoveredOn,
          amount: v.amount,
          recoveryVoucherNo: v.voucherNo,
          note: v.note,
        },
      });
      return x.id;
    }),
  );
}

/** Corrects a recorded recovery (version-checked); the total stays within what was paid. */
export async function editRecovery(
  viewer: Viewer,
  projectId: number,
  id: number,
  v: IncentiveRecoveryEditValues,
  today: IsoDate,
) {
  await prisma.$transaction(async (tx) => {
    await lockFor(tx, viewer, projectId, id);
    const before = await tx.incentiveRecovery.findFirst({ where: { id: v.recoveryId, incentiveId: id } });
    if (!before) throw Refusal.notFound("未找到该追回记录");
    recoveryErrors(v, await recoveryRoom(tx, id, before.id), today);
    const data = {
      recoveredOn: fromIsoDate(v.recoveredOn),
      amount: v.amount,
      voucherNo: v.voucherNo,
      note: v.note,
    };
    await updateVersioned(tx.incentiveRecovery, "IncentiveRecovery", before.id, v.version, data);
    await audit(tx, {
      actorId: viewer.id,
      action: "INCENTIVE_RECOVER_UPDATE",
      entity: "IncentiveRecovery",
      entityId: before.id,
      projectId,
      before: {
        recoveredOn: toIsoDate(before.recoveredOn),
        amount: before.amount,
        recoveryVoucherNo: before.voucherNo,
        note: before.note,
      },
      after: { recoveredOn: v.recoveredOn, amount: v.amount, recoveryVoucherNo: v.voucherNo, note: v.note },
    });
  });
}
