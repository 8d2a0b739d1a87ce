// 专项资金 (issue 18 §2, docs/decisions/205): queries and commands. The funds and their year's totals (budget,
// committed, disbursed, balance) are the city's and every role with the page reads them; applications are read
// through the project scope (a county its county's, a team its projects'). The budget rule — Σ commitments (批复) of
// a fund's year ≤ its budget — is checked while holding the fund_budget row's lock, so two approvals at once are
// serialised and the second sees the first (READ COMMITTED re-reads after the lock). A disbursement (拨付) is the
// project's funding record of that money: it creates or links it in the same transaction.
import { fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import {
  fundBalance,
  FUND_STATUS_LABELS,
  FUND_USE_LABELS,
  GUARANTEE_RISK_LABELS,
  isGuarantee,
  usesOf,
  type FundApplyValues,
  type FundApproveValues,
  type FundBudgetValues,
  type FundDisburseValues,
  type FundReviewValues,
  type FundTotals,
  type FundUse,
  type GuaranteeStatusValues,
} from "~/domain/funds";
import { formatWan } from "~/domain/money";
import { canApplyForFund, canManageFunds, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { Prisma } from "~/generated/prisma/client";
import type { StoredFile } from "~/utils/attachments.server";
import { audit } from "~/utils/audit.server";
import { now as clockNow } from "~/utils/clock.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import { lockProject, touchProject } from "./milestone.server";
import { projectScope } from "./scope.server";

export interface FundSummary extends FundTotals {
  id: number;
  code: string;
  name: string;
  note: string | null;
  year: number;
  balance: number;
  /** 担保额度 in force and what the fund has paid lenders in the borrowers' place */
  guaranteed: number;
  compensated: number;
  atRisk: number;
}

type TotalsRow = {
  id: number;
  budget: bigint;
  committed: bigint;
  disbursed: bigint;
  guaranteed: bigint;
  compensated: bigint;
  at_risk: bigint;
};

/** Every fund with its totals for `year` (the city's numbers, whoever reads them). */
export async function fundSummaries(year: number, db: Tx | typeof prisma = prisma): Promise<FundSummary[]> {
  const [funds, totals] = await Promise.all([
    db.fund.findMany({ orderBy: { id: "asc" }, select: { id: true, code: true, name: true, note: true } }),
    db.$queryRaw<TotalsRow[]>`
      SELECT f.id,
             coalesce((SELECT b.amount FROM fund_budget b WHERE b.fund_id = f.id AND b.year = ${year}), 0)::bigint AS budget,
             coalesce((SELECT sum(a.approved_amount) FROM fund_application a
                        WHERE a.fund_id = f.id AND a.year = ${year} AND a.status = 'APPROVED'), 0)::bigint AS committed,
             coalesce((SELECT sum(d.amount) FROM fund_disbursement d JOIN fund_application a ON a.id = d.application_id
                        WHERE a.fund_id = f.id AND a.year = ${year}), 0)::bigint AS disbursed,
             coalesce((SELECT sum(a.approved_amount) FROM fund_application a
                        WHERE a.fund_id = f.id AND a.year = ${year} AND a.status = 'APPROVED' AND a.use = 'GUARANTEE'), 0)::bigint AS guaranteed,
             coalesce((SELECT sum(a.compensated_amount) FROM fund_application a
                        WHERE a.fund_id = f.id AND a.year = ${year} AND a.status = 'APPROVED'), 0)::bigint AS compensated,
             coalesce((SELECT sum(a.approved_amount) FROM fund_application a
                        WHERE a.fund_id = f.id AND a.year = ${year} AND a.status = 'APPROVED' AND a.risk IN ('WATCH', 'COMPENSATED')), 0)::bigint AS at_risk
        FROM fund f`,
  ]);
  const byId = new Map(totals.map((t) => [t.id, t]));
  return funds.map((f) => {
    const t = byId.get(f.id)!;
    const budget = Number(t.budget);
    const committed = Number(t.committed);
    return {
      ...f,
      year,
      budget,
      committed,
      disbursed: Number(t.disbursed),
      balance: fundBalance({ budget, committed }),
      guaranteed: Number(t.guaranteed),
      compensated: Number(t.compensated),
      atRisk: Number(t.at_risk),
    };
  });
}

/** Applications waiting for the viewer's step (审核 or 批复), among those the viewer sees. */
export async function pendingCounts(viewer: Viewer, year: number) {
  const rows = await prisma.fundApplication.groupBy({
    by: ["fundId", "status"],
    where: { year, status: { in: ["SUBMITTED", "REVIEWED"] }, project: projectScope(viewer) },
    _count: { _all: true },
  });
  const out = new Map<number, { submitted: number; reviewed: number }>();
  for (const r of rows) {
    const o = out.get(r.fundId) ?? { submitted: 0, reviewed: 0 };
    if (r.status === "SUBMITTED") o.submitted = r._count._all;
    else o.reviewed = r._count._all;
    out.set(r.fundId, o);
  }
  return out;
}

const APPLICATION_ROW = {
  id: true,
  year: true,
  use: true,
  requestedAmount: true,
  approvedAmount: true,
  status: true,
  submittedOn: true,
  approvedOn: true,
  risk: true,
  lender: true,
  guaranteeEndsOn: true,
  compensatedAmount: true,
  project: { select: { id: true, name: true, county: { select: { name: true } } } },
  disbursements: { select: { amount: true } },
} as const;

/** One fund's page: budgets by year, totals by use, the applications the viewer sees. */
export async function getFund(viewer: Viewer, fundId: number, year: number) {
  const fund = await prisma.fund.findUnique({
    where: { id: fundId },
    select: {
      id: true,
      code: true,
      name: true,
      source: true,
      note: true,
      budgets: { orderBy: { year: "desc" }, select: { year: true, amount: true, version: true } },
      // the library policies this fund pays out (docs/decisions/226): the city's, readable by every fund reader
      policies: {
        orderBy: { id: "asc" },
        select: { id: true, title: true, category: true, validFrom: true, validTo: true },
      },
    },
  });
  if (!fund) return null;
  const [summary] = (await fundSummaries(year)).filter((f) => f.id === fundId);
  const apps = await prisma.fundApplication.findMany({
    where: { fundId, year, project: projectScope(viewer) },
    orderBy: [{ submittedOn: "desc" }, { id: "desc" }],
    select: APPLICATION_ROW,
  });
  const rows = apps.map((a) => ({
    id: a.id,
    use: a.use as FundUse,
    status: a.status,
    requestedAmount: a.requestedAmount,
    approvedAmount: a.approvedAmount,
    disbursed: a.disbursements.reduce((s, d) => s + d.amount, 0),
    submittedOn: toIsoDate(a.submittedOn),
    approvedOn: a.approvedOn ? toIsoDate(a.approvedOn) : null,
    projectId: a.project.id,
    projectName: a.project.name,
    county: a.project.county.name,
    risk: a.risk,
    lender: a.lender,
    guaranteeEndsOn: a.guaranteeEndsOn ? toIsoDate(a.guaranteeEndsOn) : null,
    compensatedAmount: a.compensatedAmount,
  }));
  // by use: the city's numbers (like the fund's totals), not only the viewer's applications
  const byUse = await prisma.$queryRaw<{ use: FundUse; n: number; committed: bigint; disbursed: bigint }[]>`
    SELECT a.use, count(*) FILTER (WHERE a.status = 'APPROVED')::int AS n,
           coalesce(sum(a.approved_amount) FILTER (WHERE a.status = 'APPROVED'), 0)::bigint AS committed,
           coalesce(sum((SELECT sum(d.amount) FROM fund_disbursement d WHERE d.application_id = a.id)), 0)::bigint AS disbursed
      FROM fund_application a WHERE a.fund_id = ${fundId} AND a.year = ${year} GROUP BY a.use`;
  const useRow = new Map(byUse.map((u) => [u.use, u]));
  return {
    ...fund,
    policies: fund.policies.map((p) => ({
      id: p.id,
      title: p.title,
      category: p.category,
      validFrom: toIsoDate(p.validFrom),
      validTo: p.validTo ? toIsoDate(p.validTo) : null,
    })),
    summary,
    uses: usesOf(fund.code).map((u) => ({
      use: u,
      label: FUND_USE_LABELS[u],
      approved: useRow.get(u)?.n ?? 0,
      committed: Number(useRow.get(u)?.committed ?? 0),
      disbursed: Number(useRow.get(u)?.disbursed ?? 0),
    })),
    applications: rows,
  };
}
export type FundDetail = NonNullable<Awaited<ReturnType<typeof getFund>>>;

/** Projects the viewer may apply for (those whose progress it logs), not withdrawn, by name. */
export async function applicableProjects(viewer: Viewer) {
  const rows = await prisma.project.findMany({
    where: { AND: [projectScope(viewer), { pool: { not: "WITHDRAWN" } }] },
    orderBy: { name: "asc" },
    select: { id: true, name: true, countyId: true, serviceTeamId: true, enterpriseId: true },
  });
  return rows.filter((p) => canApplyForFund(viewer, p)).map((p) => ({ id: p.id, name: p.name }));
}

function assertManager(viewer: Viewer) {
  if (!canManageFunds(viewer)) throw Refusal.forbidden("只有投资促进局、市经信委和系统管理员可以管理专项资金");
}

async function recordFiles(tx: Tx, applicationId: number, projectId: number, viewer: Viewer, files: StoredFile[]) {
  if (!files.length) return;
  await tx.attachment.createMany({
    data: files.map((f) => ({
      ...f,
      fundApplicationId: applicationId,
      uploadedById: viewer.id,
      createdAt: clockNow(),
    })),
  });
  await audit(tx, {
    actorId: viewer.id,
    action: "UPLOAD",
    entity: "FundApplication",
    entityId: applicationId,
    projectId,
    after: { attachments: files.map((f) => ({ fileName: f.fileName })) },
  });
}

/** 申请: a project the viewer logs progress on applies to a fund for one of its uses, in the current year. */
export async function applyForFund(
  viewer: Viewer,
  fundId: number,
  v: FundApplyValues,
  today: IsoDate,
  files: StoredFile[] = [],
  claim?: CreateClaim | null,
): Promise<number> {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const fund = await tx.fund.findUnique({ where: { id: fundId }, select: { code: true } });
      if (!fund) throw Refusal.notFound("未找到该资金");
      if (!usesOf(fund.code).includes(v.use)) throw Refusal.fields({ use: "该资金没有这种用途" }, "请修改标出的字段");
      await lockProject(tx, viewer, v.projectId); // scope (404) and the right to act for the project (403)
      const a = await tx.fundApplication.create({
        data: {
          fundId,
          projectId: v.projectId,
          year: Number(today.slice(0, 4)),
          use: v.use,
          requestedAmount: v.requestedAmount,
          purpose: v.purpose,
          submittedOn: fromIsoDate(today),
          submittedById: viewer.id,
          risk: isGuarantee(v.use) ? "NORMAL" : null,
        },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "FUND_APPLY",
        entity: "FundApplication",
        entityId: a.id,
        projectId: v.projectId,
        after: { fundId, use: v.use, requestedAmount: v.requestedAmount, purpose: v.purpose },
      });
      await recordFiles(tx, a.id, v.projectId, viewer, files);
      return a.id;
    }),
  );
}

/** One application as the viewer may see it (its project in scope), with disbursements and documents. */
export async function getApplication(viewer: Viewer, fundId: number, id: number) {
  const a = await prisma.fundApplication.findFirst({
    where: { id, fundId, project: projectScope(viewer) },
    include: {
      fund: { select: { id: true, name: true, code: true } },
      project: {
        select: {
          id: true,
          name: true,
          countyId: true,
          serviceTeamId: true,
          enterpriseId: true,
          county: { select: { name: true } },
        },
      },
      disbursements: {
        orderBy: [{ paidOn: "asc" }, { id: "asc" }],
        include: { fundingRecord: { select: { id: true, receivedOn: true, source: true } } },
      },
      attachments: { orderBy: { id: "asc" }, select: { id: true, fileName: true, size: true, createdAt: true } },
    },
  });
  if (!a) return null;
  const people = await prisma.user.findMany({
    where: { id: { in: [a.submittedById, a.reviewedById, a.approvedById].filter((x): x is number => x !== null) } },
    select: { id: true, displayName: true },
  });
  const name = (id: number | null) => (id === null ? null : (people.find((p) => p.id === id)?.displayName ?? null));
  // funding records of the project that a disbursement could link: not yet linked, newest first
  const linkable = canManageFunds(viewer)
    ? await prisma.fundingRecord.findMany({
        where: { projectId: a.projectId, disbursement: { is: null } },
        orderBy: [{ receivedOn: "desc" }, { id: "desc" }],
        select: { id: true, receivedOn: true, amount: true, source: true },
      })
    : [];
  const disbursed = a.disbursements.reduce((s, d) => s + d.amount, 0);
  return {
    id: a.id,
    fund: a.fund,
    project: { id: a.project.id, name: a.project.name, county: a.project.county.name },
    year: a.year,
    use: a.use as FundUse,
    status: a.status,
    requestedAmount: a.requestedAmount,
    purpose: a.purpose,
    submittedOn: toIsoDate(a.submittedOn),
    submittedBy: name(a.submittedById),
    reviewedOn: a.reviewedOn ? toIsoDate(a.reviewedOn) : null,
    reviewedBy: name(a.reviewedById),
    reviewNote: a.reviewNote,
    approvedAmount: a.approvedAmount,
    approvedOn: a.approvedOn ? toIsoDate(a.approvedOn) : null,
    approvedBy: name(a.approvedById),
    approvalNo: a.approvalNo,
    lender: a.lender,
    guaranteeEndsOn: a.guaranteeEndsOn ? toIsoDate(a.guaranteeEndsOn) : null,
    risk: a.risk,
    compensatedAmount: a.compensatedAmount,
    version: a.version,
    disbursed,
    disbursements: a.disbursements.map((d) => ({
      id: d.id,
      paidOn: toIsoDate(d.paidOn),
      amount: d.amount,
      voucherNo: d.voucherNo,
      note: d.note,
      fundingRecordId: d.fundingRecord.id,
      receivedOn: toIsoDate(d.fundingRecord.receivedOn),
    })),
    attachments: a.attachments.map((f) => ({ id: f.id, fileName: f.fileName, size: f.size })),
    linkable: linkable.map((f) => ({ ...f, receivedOn: toIsoDate(f.receivedOn) })),
    canManage: canManageFunds(viewer),
    canAttach: canManageFunds(viewer) || canApplyForFund(viewer, a.project),
  };
}
export type ApplicationDetail = NonNullable<Awaited<ReturnType<typeof getApplication>>>;

async function readForStep(tx: Tx, id: number) {
  const a = await tx.fundApplication.findUnique({ where: { id } });
  if (!a) throw Refusal.notFound("未找到该资金申请");
  return a;
}

/** 审核: a submitted application passes on to 批复, or is refused with a note. */
export async function reviewApplication(viewer: Viewer, id: number, v: FundReviewValues, today: IsoDate) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    const a = await readForStep(tx, id);
    if (a.version !== v.version) throw Refusal.conflict({ current: a });
    if (a.status !== "SUBMITTED") throw Refusal.form("该申请已审核过，请刷新页面", 409);
    const data = {
      status: v.outcome === "pass" ? ("REVIEWED" as const) : ("REJECTED" as const),
      reviewedOn: fromIsoDate(today),
      reviewedById: viewer.id,
      reviewNote: v.reviewNote,
    };
    await updateVersioned(tx.fundApplication, "FundApplication", id, v.version, data);
    await audit(tx, {
      actorId: viewer.id,
      action: v.outcome === "pass" ? "FUND_REVIEW" : "FUND_REJECT",
      entity: "FundApplication",
      entityId: id,
      projectId: a.projectId,
      before: { status: a.status },
      after: { status: data.status, reviewNote: v.reviewNote },
    });
  });
}

/**
 * 批复: the commitment. Holds the fund's budget row of the application's year (FOR UPDATE) while it adds up the
 * year's commitments, so an approval that would pass the budget is refused even when another is approved at the
 * same moment (docs/decisions/205).
 */
export async function approveApplication(
  viewer: Viewer,
  id: number,
  v: FundApproveValues,
  today: IsoDate,
  files: StoredFile[] = [],
) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    const a = await readForStep(tx, id);
    const errors: Record<string, string> = {};
    if (v.approvedAmount > a.requestedAmount)
      errors.approvedAmount = `批复金额不能超过申请金额（${formatWan(a.requestedAmount)}）`;
    if (v.approvedOn > today) errors.approvedOn = `批复日期不能晚于今天（${today}）`;
    if (v.approvedOn < toIsoDate(a.submittedOn)) errors.approvedOn = "批复日期不能早于申请日期";
    if (isGuarantee(a.use as FundUse)) {
      if (!v.lender) errors.lender = "请填写贷款银行";
      if (!v.guaranteeEndsOn) errors.guaranteeEndsOn = "请填写担保到期日";
      else if (v.guaranteeEndsOn <= v.approvedOn) errors.guaranteeEndsOn = "担保到期日须晚于批复日期";
    }
    if (Object.keys(errors).length) throw Refusal.fields(errors, "请修改标出的字段");
    const budget = await tx.$queryRaw<{ amount: number }[]>`
      SELECT amount FROM fund_budget WHERE fund_id = ${a.fundId} AND year = ${a.year} FOR UPDATE`;
    if (!budget.length) throw Refusal.form(`该资金尚未安排 ${a.year} 年度预算，不能批复`, 409);
    // re-read under the lock: another approval of this application may have committed meanwhile
    const current = await readForStep(tx, id);
    if (current.version !== v.version) throw Refusal.conflict({ current });
    if (current.status !== "REVIEWED")
      throw Refusal.form(current.status === "APPROVED" ? "该申请已批复" : "该申请尚未审核通过，不能批复", 409);
    const [{ committed }] = await tx.$queryRaw<{ committed: bigint }[]>`
      SELECT coalesce(sum(approved_amount), 0)::bigint AS committed FROM fund_application
       WHERE fund_id = ${a.fundId} AND year = ${a.year} AND status = 'APPROVED'`;
    const balance = budget[0].amount - Number(committed);
    if (v.approvedAmount > balance)
      throw Refusal.fields(
        {
          approvedAmount: `超出 ${a.year} 年度预算：预算 ${formatWan(budget[0].amount)}，已批复 ${formatWan(Number(committed))}，余额 ${formatWan(balance)}`,
        },
        "批复金额超出资金余额，未批复",
      );
    const data = {
      status: "APPROVED" as const,
      approvedAmount: v.approvedAmount,
      approvedOn: fromIsoDate(v.approvedOn),
      approvedById: viewer.id,
      approvalNo: v.approvalNo,
      ...(isGuarantee(a.use as FundUse)
        ? { lender: v.lender, guaranteeEndsOn: v.guaranteeEndsOn ? fromIsoDate(v.guaranteeEndsOn) : null }
        : {}),
    };
    await updateVersioned(tx.fundApplication, "FundApplication", id, v.version, data);
    await audit(tx, {
      actorId: viewer.id,
      action: "FUND_APPROVE",
      entity: "FundApplication",
      entityId: id,
      projectId: a.projectId,
      before: { status: a.status },
      after: {
        status: "APPROVED",
        approvedAmount: v.approvedAmount,
        approvedOn: v.approvedOn,
        approvalNo: v.approvalNo,
        ...(isGuarantee(a.use as FundUse) ? { lender: v.lender, guaranteeEndsOn: v.guaranteeEndsOn } : {}),
      },
    });
    await recordFiles(tx, id, a.projectId, viewer, files);
  });
}

/**
 * 拨付: money paid out of an approved application (not a guarantee), at most what is left of the commitment. The
 * project's funding record of it is created (source: the fund) or an existing unlinked one of the same amount is
 * linked, in the same transaction.
 */
export async function disburse(
  viewer: Viewer,
  id: number,
  v: FundDisburseValues,
  today: IsoDate,
  claim?: CreateClaim | null,
  files: StoredFile[] = [],
): Promise<number> {
  assertManager(viewer);
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM fund_application WHERE id = ${id} FOR UPDATE`;
      if (!locked.length) throw Refusal.notFound("未找到该资金申请");
      const a = await tx.fundApplication.findUniqueOrThrow({
        where: { id },
        include: { fund: { select: { name: true, source: true } }, disbursements: { select: { amount: true } } },
      });
      if (a.status !== "APPROVED" || a.approvedAmount === null) throw Refusal.form("该申请尚未批复，不能拨付", 409);
      if (isGuarantee(a.use as FundUse)) throw Refusal.form("担保资金不直接拨付给项目，请登记担保状态", 409);
      const paid = a.disbursements.reduce((s, d) => s + d.amount, 0);
      const errors: Record<string, string> = {};
      if (v.amount > a.approvedAmount - paid)
        errors.amount = `拨付金额超出批复余额：批复 ${formatWan(a.approvedAmount)}，已拨付 ${formatWan(paid)}，可拨付 ${formatWan(a.approvedAmount - paid)}`;
      if (v.paidOn > today) errors.paidOn = `拨付日期不能晚于今天（${today}）`;
      if (a.approvedOn && v.paidOn < toIsoDate(a.approvedOn)) errors.paidOn = "拨付日期不能早于批复日期";
      let fundingRecordId: number;
      if (v.fundingRecordId !== null) {
        const f = await tx.fundingRecord.findFirst({
          where: { id: v.fundingRecordId, projectId: a.projectId },
          include: { disbursement: { select: { id: true } } },
        });
        if (!f) errors.fundingRecordId = "该到位记录不属于本项目";
        else if (f.disbursement) errors.fundingRecordId = "该到位记录已关联其他拨付";
        else if (f.amount !== v.amount)
          errors.fundingRecordId = `到位记录金额（${formatWan(f.amount)}）与拨付金额不一致`;
        fundingRecordId = v.fundingRecordId;
      }
      if (Object.keys(errors).length) throw Refusal.fields(errors, "请修改标出的字段");
      if (v.fundingRecordId === null) {
        const note = `${a.fund.name}拨付，凭证号 ${v.voucherNo}`.slice(0, 300);
        const f = await tx.fundingRecord.create({
          data: {
            projectId: a.projectId,
            receivedOn: fromIsoDate(v.paidOn),
            amount: v.amount,
            source: a.fund.source,
            note,
            createdById: viewer.id,
          },
          select: { id: true },
        });
        fundingRecordId = f.id;
        await audit(tx, {
          actorId: viewer.id,
          action: "CREATE",
          entity: "FundingRecord",
          entityId: f.id,
          projectId: a.projectId,
          after: { receivedOn: v.paidOn, amount: v.amount, source: a.fund.source, note },
        });
        await touchProject(tx, a.projectId);
      }
      const d = await tx.fundDisbursement.create({
        data: {
          applicationId: id,
          paidOn: fromIsoDate(v.paidOn),
          amount: v.amount,
          voucherNo: v.voucherNo,
          note: v.note,
          fundingRecordId: fundingRecordId!,
          createdById: viewer.id,
        },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "FUND_DISBURSE",
        entity: "FundDisbursement",
        entityId: d.id,
        projectId: a.projectId,
        after: {
          applicationId: id,
          paidOn: v.paidOn,
          amount: v.amount,
          voucherNo: v.voucherNo,
          fundingRecordId: fundingRecordId!,
          note: v.note,
        },
      });
      await recordFiles(tx, id, a.projectId, viewer, files);
      return d.id;
    }),
  );
}

/** 担保状态: the guarantee's 代偿 risk and what the fund has paid in the borrower's place (version-checked). */
export async function updateGuarantee(viewer: Viewer, id: number, v: GuaranteeStatusValues) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    const a = await readForStep(tx, id);
    if (!isGuarantee(a.use as FundUse) || a.status !== "APPROVED" || a.approvedAmount === null)
      throw Refusal.form("只有已批复的担保可以登记担保状态", 409);
    if (v.compensatedAmount > a.approvedAmount)
      throw Refusal.fields(
        { compensatedAmount: `代偿金额不能超过担保额度（${formatWan(a.approvedAmount)}）` },
        "请修改标出的字段",
      );
    if (v.risk !== "COMPENSATED" && v.compensatedAmount > 0)
      throw Refusal.fields({ risk: "已有代偿金额时，代偿风险应为「已代偿」" }, "请修改标出的字段");
    const data = { risk: v.risk, compensatedAmount: v.compensatedAmount };
    await updateVersioned(tx.fundApplication, "FundApplication", id, v.version, data);
    await audit(tx, {
      actorId: viewer.id,
      action: "GUARANTEE_UPDATE",
      entity: "FundApplication",
      entityId: id,
      projectId: a.projectId,
      before: { risk: a.risk, compensatedAmount: a.compensatedAmount },
      after: data,
    });
  });
}

/** 补充材料: documents added to an application by its applicant side or the fund's managers. */
export async function attachToApplication(viewer: Viewer, fundId: number, id: number, files: StoredFile[]) {
  const a = await getApplication(viewer, fundId, id);
  if (!a) throw Refusal.notFound("未找到该资金申请");
  if (!a.canAttach) throw Refusal.forbidden("您不能为该申请上传材料");
  if (!files.length) throw Refusal.fields({ attachments: "请选择要上传的文件" });
  await prisma.$transaction((tx) => recordFiles(tx, id, a.project.id, viewer, files));
}

/**
 * 年度预算: set a fund's budget for a year (version 0: the year has none yet). Locks the row like an approval, so
 * a budget is never cut below what is committed at that moment.
 */
export async function setBudget(viewer: Viewer, fundId: number, v: FundBudgetValues) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    const fund = await tx.fund.findUnique({ where: { id: fundId }, select: { id: true } });
    if (!fund) throw Refusal.notFound("未找到该资金");
    const rows = await tx.$queryRaw<{ id: number; amount: number; version: number }[]>`
      SELECT id, amount, version FROM fund_budget WHERE fund_id = ${fundId} AND year = ${v.year} FOR UPDATE`;
    const row = rows[0];
    const [{ committed }] = await tx.$queryRaw<{ committed: bigint }[]>`
      SELECT coalesce(sum(approved_amount), 0)::bigint AS committed FROM fund_application
       WHERE fund_id = ${fundId} AND year = ${v.year} AND status = 'APPROVED'`;
    if (v.amount < Number(committed))
      throw Refusal.fields({ amount: `年度预算不能低于已批复的 ${formatWan(Number(committed))}` }, "请修改标出的字段");
    if (!row) {
      if (v.version !== 0) throw Refusal.conflict({ current: null });
      try {
        const b = await tx.fundBudget.create({ data: { fundId, year: v.year, amount: v.amount } });
        await audit(tx, {
          actorId: viewer.id,
          action: "FUND_BUDGET",
          entity: "FundBudget",
          entityId: b.id,
          after: { fundId, year: v.year, amount: v.amount },
        });
      } catch (e) {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
          throw Refusal.form("另一位用户刚刚设置了该年度预算，请刷新页面", 409);
        throw e;
      }
      return;
    }
    if (row.version !== v.version) throw Refusal.conflict({ current: row });
    await updateVersioned(tx.fundBudget, "FundBudget", row.id, v.version, { amount: v.amount });
    await audit(tx, {
      actorId: viewer.id,
      action: "FUND_BUDGET",
      entity: "FundBudget",
      entityId: row.id,
      before: { year: v.year, amount: row.amount },
      after: { year: v.year, amount: v.amount },
    });
  });
}

/**
 * The fund report of a year (the city's numbers): by fund, by county × fund, by fund × use, and each application.
 * Committed = approved amounts of APPROVED applications; disbursed = their disbursements.
 */
export async function fundReport(year: number) {
  const funds = await fundSummaries(year);
  const group = (by: Prisma.Sql, order: Prisma.Sql) => prisma.$queryRaw<
    { fund: string; key: string; applications: number; approved: number; committed: bigint; disbursed: bigint }[]
  >`
    SELECT f.name AS fund, ${by} AS key, count(*)::int AS applications,
           count(*) FILTER (WHERE a.status = 'APPROVED')::int AS approved,
           coalesce(sum(a.approved_amount) FILTER (WHERE a.status = 'APPROVED'), 0)::bigint AS committed,
           coalesce(sum((SELECT sum(d.amount) FROM fund_disbursement d WHERE d.application_id = a.id)), 0)::bigint AS disbursed
      FROM fund_application a JOIN fund f ON f.id = a.fund_id
      JOIN project p ON p.id = a.project_id JOIN county c ON c.id = p.county_id
     WHERE a.year = ${year}
     GROUP BY f.id, f.name, ${by} ORDER BY ${order}`;
  // a project may belong to several programmes: this view is per programme, not additive across them
  const byProgramme = prisma.$queryRaw<
    { fund: string; key: string; applications: number; approved: number; committed: bigint; disbursed: bigint }[]
  >`
    SELECT f.name AS fund, g.name AS key, count(*)::int AS applications,
           count(*) FILTER (WHERE a.status = 'APPROVED')::int AS approved,
           coalesce(sum(a.approved_amount) FILTER (WHERE a.status = 'APPROVED'), 0)::bigint AS committed,
           coalesce(sum((SELECT sum(d.amount) FROM fund_disbursement d WHERE d.application_id = a.id)), 0)::bigint AS disbursed
      FROM fund_application a JOIN fund f ON f.id = a.fund_id
      JOIN programme_project pp ON pp.project_id = a.project_id JOIN programme g ON g.id = pp.programme_id
     WHERE a.year = ${year}
     GROUP BY f.id, f.name, g.id, g.name ORDER BY g.id, f.id`;
  const [byCounty, byUse, details, programmes] = await Promise.all([
    group(Prisma.sql`c.name`, Prisma.sql`min(c.code), f.id`),
    group(Prisma.sql`a.use::text`, Prisma.sql`f.id, a.use::text`),
    prisma.fundApplication.findMany({
      where: { year },
      orderBy: [{ fundId: "asc" }, { submittedOn: "asc" }, { id: "asc" }],
      select: {
        use: true,
        status: true,
        submittedOn: true,
        requestedAmount: true,
        approvedAmount: true,
        approvalNo: true,
        risk: true,
        fund: { select: { name: true } },
        project: { select: { name: true, county: { select: { name: true } } } },
        disbursements: { select: { amount: true } },
      },
    }),
    byProgramme,
  ]);
  const num = (r: {
    fund: string;
    key: string;
    applications: number;
    approved: number;
    committed: bigint;
    disbursed: bigint;
  }) => ({
    fund: r.fund,
    applications: r.applications,
    approved: r.approved,
    committed: Number(r.committed),
    disbursed: Number(r.disbursed),
  });
  return {
    funds,
    byCounty: byCounty.map((r) => ({ county: r.key, ...num(r) })),
    byUse: byUse.map((r) => ({ use: FUND_USE_LABELS[r.key as FundUse] ?? r.key, ...num(r) })),
    byProgramme: programmes.map((r) => ({ programme: r.key, ...num(r) })),
    details: details.map((d) => ({
      fund: d.fund.name,
      project: d.project.name,
      county: d.project.county.name,
      use: FUND_USE_LABELS[d.use as FundUse],
      submittedOn: toIsoDate(d.submittedOn),
      requestedAmount: d.requestedAmount,
      status: FUND_STATUS_LABELS[d.status],
      approvedAmount: d.approvedAmount,
      approvalNo: d.approvalNo,
      disbursed: d.disbursements.reduce((s, x) => s + x.amount, 0),
      risk: d.risk ? GUARANTEE_RISK_LABELS[d.risk] : null,
    })),
  };
}
