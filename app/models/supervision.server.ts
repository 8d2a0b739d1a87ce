// 督办事项 (issue 17, docs/decisions/141): create a leader's 批示, apply each step, the sweep's automatic 催办, and
// the ledger's reads. Every command: one transaction that locks the item, re-reads it in the viewer's scope, checks
// the version the page showed, runs the pure rules (app/domain/supervision.ts), writes the item, its step and the
// audit entry, and notifies the units. Times come from the application clock.
import type { IsoDate } from "~/domain/dates";
import type { Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import {
  actsFor,
  autoUrgeKey,
  canDoSupervision,
  canInstruct,
  overdueSteps,
  planSupervision,
  supervisionCode,
  supervisionDeadlines,
  SUPERVISION_ACTION_LABELS,
  SUPERVISION_STATE_LABELS,
  SUPERVISION_STEP_LABELS,
  type DueRule,
  type SupervisionCommand,
  type SupervisionLevel,
  type SupervisionRef,
  type SupervisionSource,
  type UnitRef,
} from "~/domain/supervision";
import type { Prisma } from "~/generated/prisma/client";
import { audit } from "~/utils/audit.server";
import { now as clockNow } from "~/utils/clock.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import type { StoredFile } from "~/utils/attachments.server";
import { notifyUsers } from "./notification.server";
import { supervisionScope } from "./scope.server";
import { loadWorkCalendar } from "./slaConfig.server";

export const supervisionLink = (id: number) => `/supervision/${id}`;

const unitSelect = {
  departmentId: true,
  isLead: true,
  department: { select: { name: true, staffedBy: true, countyId: true, sortOrder: true } },
} as const;

type UnitRow = Prisma.SupervisionUnitGetPayload<{ select: typeof unitSelect }>;

export function unitRefs(rows: UnitRow[]): (UnitRef & { name: string })[] {
  return rows
    .map((u) => ({
      departmentId: u.departmentId,
      isLead: u.isLead,
      staffedBy: u.department.staffedBy,
      countyId: u.department.countyId,
      name: u.department.name,
      sortOrder: u.department.sortOrder,
    }))
    .sort((a, b) => Number(b.isLead) - Number(a.isLead) || a.sortOrder - b.sortOrder)
    .map(({ sortOrder: _s, ...u }) => u);
}

/** The active accounts that act for these units (docs/decisions/140). */
export async function unitUserIds(tx: Tx, units: Pick<UnitRef, "departmentId" | "staffedBy" | "countyId">[]) {
  const or: Prisma.UserWhereInput[] = [];
  for (const u of units) {
    if (u.staffedBy === "DEPARTMENT") or.push({ role: "DEPARTMENT", departmentId: u.departmentId });
    else if (u.staffedBy === "EIC") or.push({ role: "EIC" });
    else if (u.staffedBy === "BUREAU") or.push({ role: "BUREAU" });
    else if (u.staffedBy === "COUNTY" && u.countyId) or.push({ role: "COUNTY", countyId: u.countyId });
  }
  if (!or.length) return [];
  const rows = await tx.user.findMany({ where: { isActive: true, OR: or }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** The unit the viewer acts for on this item (the 主办 first), for the step's record. */
function actingUnit(viewer: Viewer, units: (UnitRef & { name: string })[]) {
  return units.find((u) => actsFor(viewer, u)) ?? null;
}

// — create —

export interface InstructionInput {
  title: string;
  instruction: string;
  level: SupervisionLevel;
  source: SupervisionSource;
  projectId: number | null;
  issueId: number | null;
  reportMonth: string | null;
  leadUnitId: number;
  assistUnitIds: number[];
  due: DueRule;
}

/** A leader's 批示 becomes a 督办事项, assigned at once (交办) to its units, who are notified. */
export async function createSupervision(viewer: Viewer, input: InstructionInput, claim?: CreateClaim | null) {
  if (!canInstruct(viewer)) throw Refusal.forbidden("只有市领导可以作出批示");
  const at = clockNow();
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const assist = [...new Set(input.assistUnitIds)].filter((id) => id !== input.leadUnitId);
      const units = await tx.department.findMany({
        where: { id: { in: [input.leadUnitId, ...assist] } },
        select: { id: true, name: true, staffedBy: true, countyId: true },
      });
      if (!units.some((u) => u.id === input.leadUnitId)) throw Refusal.fields({ leadUnitId: "请选择主办单位" });
      if (units.length !== assist.length + 1) throw Refusal.fields({ assistUnitIds: "协办单位不存在" });
      if (input.projectId && !(await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } })))
        throw Refusal.fields({ projectId: "项目不存在" });
      if (
        input.issueId &&
        !(await tx.coordinationIssue.findUnique({ where: { id: input.issueId }, select: { id: true } }))
      )
        throw Refusal.fields({ issueId: "诉求不存在" });
      const cal = await loadWorkCalendar(tx);
      const d = supervisionDeadlines(at, input.due, cal);
      // serialise code numbering per year (two leaders at once must not take the same number)
      const year = Number(new Date(at.getTime() + 8 * 3600_000).getUTCFullYear());
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('supervision_code'), ${year})`;
      const count = await tx.supervision.count({ where: { code: { startsWith: `DB-${year}-` } } });
      const created = await tx.supervision.create({
        data: {
          code: supervisionCode(year, count + 1),
          title: input.title,
          instruction: input.instruction,
          leaderId: viewer.id,
          level: input.level,
          source: input.source,
          projectId: input.projectId,
          issueId: input.issueId,
          reportMonth: input.reportMonth,
          finishDays: input.due.kind === "days" ? input.due.days : null,
          assignedAt: at,
          ...d,
          originalDueAt: d.finishDueAt,
          createdById: viewer.id,
          createdAt: at,
          updatedAt: at,
          units: {
            create: [
              { departmentId: input.leadUnitId, isLead: true },
              ...assist.map((departmentId) => ({ departmentId, isLead: false })),
            ],
          },
          events: { create: { kind: "ASSIGNED", actorId: viewer.id, note: input.instruction, createdAt: at } },
        },
        select: { id: true, code: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "SUPERVISION_CREATE",
        entity: "Supervision",
        entityId: created.id,
        projectId: input.projectId,
        after: {
          code: created.code,
          title: input.title,
          level: input.level,
          source: input.source,
          leadUnit: units.find((u) => u.id === input.leadUnitId)?.name,
          assistUnits: units.filter((u) => u.id !== input.leadUnitId).map((u) => u.name),
          finishDueAt: d.finishDueAt,
        },
      });
      const recipients = await unitUserIds(
        tx,
        units.map((u) => ({ departmentId: u.id, staffedBy: u.staffedBy, countyId: u.countyId })),
      );
      await notifyUsers(tx, recipients, {
        kind: "SUPERVISION",
        title: `领导批示交办，请签收：${created.code} ${input.title}`,
        link: supervisionLink(created.id),
        dedupeKey: `supervision:${created.id}:assigned`,
      });
      return created;
    }),
  );
}

// — steps —

const refSelect = {
  id: true,
  code: true,
  title: true,
  state: true,
  leaderId: true,
  projectId: true,
  signDueAt: true,
  planDueAt: true,
  progressDueAt: true,
  finishDueAt: true,
  signedAt: true,
  plannedAt: true,
  progressedAt: true,
  reportedAt: true,
  pendingDueAt: true,
  version: true,
  units: { select: unitSelect },
} as const;

async function findRef(tx: Tx, viewer: Viewer, id: number) {
  return tx.supervision.findFirst({ where: { id, AND: [supervisionScope(viewer)] }, select: refSelect });
}

export function supervisionConflict(state?: string | null) {
  const where = state
    ? `（当前状态：${SUPERVISION_STATE_LABELS[state as keyof typeof SUPERVISION_STATE_LABELS]}）`
    : "";
  return Refusal.conflict({ current: null }).with({
    formError: `该督办事项已被他人更新${where}，请刷新页面后再操作`,
  });
}

/** Applies one step by a person. Outside scope → 404; not allowed → 403; a stale page → 409. */
export async function applySupervisionAction(
  viewer: Viewer,
  id: number,
  expectedVersion: number,
  cmd: SupervisionCommand,
  claim?: CreateClaim | null,
  /** A report's evidence files, already stored (the caller discards them if this throws). */
  files: StoredFile[] = [],
) {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      await tx.$queryRaw`SELECT id FROM supervision WHERE id = ${id} FOR UPDATE`;
      const row = await findRef(tx, viewer, id);
      if (!row) throw Refusal.notFound("未找到该督办事项，或您无权查看");
      const units = unitRefs(row.units);
      const ref = row as unknown as SupervisionRef;
      // progress and feedback add a row each and may come from several units at once: they need no version
      const versioned = !["progress", "assist", "plan", "urge"].includes(cmd.type);
      if (versioned && row.version !== expectedVersion) throw supervisionConflict(row.state);
      if (!canDoSupervision(viewer, ref, units, cmd.type)) {
        if (row.version !== expectedVersion) throw supervisionConflict(row.state);
        throw new Refusal({ formError: `您不能对该督办事项执行「${SUPERVISION_ACTION_LABELS[cmd.type]}」` }, 403);
      }
      const at = clockNow();
      const unit = actingUnit(viewer, units);
      const plan = planSupervision(ref, cmd, at, unit?.name ?? null);
      await tx.supervision.update({
        where: { id },
        // a step that changes the item's state or deadline moves its version (an open page's forms go stale);
        // reports and 催办 only add to it
        data: { ...plan.patch, ...(versioned ? { version: { increment: 1 } } : {}), updatedAt: at },
        select: { id: true },
      });
      const event = await tx.supervisionEvent.create({
        data: {
          supervisionId: id,
          kind: plan.event.kind,
          actorId: viewer.id,
          departmentId: unit?.departmentId ?? null,
          note: plan.event.note,
          dueAt: plan.event.dueAt ?? null,
          createdAt: at,
        },
        select: { id: true },
      });
      if (files.length)
        await tx.attachment.createMany({
          data: files.map((f) => ({ ...f, supervisionEventId: event.id, uploadedById: viewer.id, createdAt: at })),
        });
      const before = Object.fromEntries(
        Object.keys(plan.patch)
          .filter((k) => k in row)
          .map((k) => [k, row[k as keyof typeof row]]),
      );
      await audit(tx, {
        actorId: viewer.id,
        action: `SUPERVISION_${cmd.type.toUpperCase()}`,
        entity: "Supervision",
        entityId: id,
        projectId: row.projectId,
        before,
        after: {
          ...plan.patch,
          unit: unit?.name ?? null,
          note: plan.event.note,
          ...(files.length ? { attachments: files.map((f) => f.fileName) } : {}),
        },
      });
      await notifyStep(tx, viewer, row, units, plan.event.kind, event.id);
      return { id, eventId: event.id, message: plan.message };
    }),
  );
}

async function notifyStep(
  tx: Tx,
  viewer: Viewer,
  row: { id: number; code: string; title: string; leaderId: number },
  units: UnitRef[],
  kind: string,
  eventId: number,
) {
  const lead = units.filter((u) => u.isLead);
  const office = async () =>
    (await tx.user.findMany({ where: { role: "BUREAU", isActive: true }, select: { id: true } })).map((u) => u.id);
  let to: number[] = [];
  let title = "";
  if (kind === "URGED") {
    to = await unitUserIds(tx, lead);
    title = "督办催办";
  } else if (kind === "ASSIST") {
    to = await unitUserIds(tx, lead);
    title = "协办单位反馈";
  } else if (kind === "EXTENSION_REQUESTED" || kind === "FINISH_REPORTED") {
    to = await office();
    title = kind === "FINISH_REPORTED" ? "办结报告待审核" : "延期申请待审批";
  } else if (["EXTENSION_APPROVED", "EXTENSION_REFUSED", "RETURNED", "CLOSED"].includes(kind)) {
    to = [...(await unitUserIds(tx, lead)), row.leaderId];
    title = {
      EXTENSION_APPROVED: "延期已批准",
      EXTENSION_REFUSED: "延期未批准",
      RETURNED: "办结报告被退回",
      CLOSED: "已销号",
    }[kind]!;
  } else {
    // the issuing leader follows every step of 我的批示
    to = [row.leaderId];
    title = "批示办理进展";
  }
  await notifyUsers(
    tx,
    to.filter((uid) => uid !== viewer.id),
    {
      kind: kind === "URGED" ? "SUPERVISION_URGED" : "SUPERVISION",
      title: `${title}：${row.code} ${row.title}`,
      link: supervisionLink(row.id),
      dedupeKey: `supervision-event:${eventId}`,
    },
  );
}

// — the sweep —

/**
 * Automatic 催办: every open item's owed steps past their deadline get one AUTO_URGED step each (the dedupe key
 * makes a repeated or concurrent sweep a no-op), counted in urge_count, audited, and the 主办 unit notified.
 */
export async function sweepSupervisions(at = clockNow()): Promise<number> {
  const open = await prisma.supervision.findMany({
    where: { state: { in: ["ASSIGNED", "HANDLING", "RETURNED"] }, signDueAt: { lte: at } },
    select: { id: true },
  });
  let urged = 0;
  for (const { id } of open) {
    urged += await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM supervision WHERE id = ${id} FOR UPDATE`;
      const row = await tx.supervision.findUnique({ where: { id }, select: refSelect });
      if (!row) return 0;
      const units = unitRefs(row.units);
      let n = 0;
      for (const s of overdueSteps(row as unknown as SupervisionRef, at)) {
        const { count } = await tx.supervisionEvent.createMany({
          data: [
            {
              supervisionId: id,
              kind: "AUTO_URGED",
              step: s.step,
              note: `${SUPERVISION_STEP_LABELS[s.step]}已超过时限，系统自动催办`,
              dueAt: s.dueAt,
              dedupeKey: autoUrgeKey(id, s.step, s.dueAt),
              createdAt: at,
            },
          ],
          skipDuplicates: true,
        });
        if (!count) continue;
        n++;
        await audit(tx, {
          actorId: null,
          action: "SUPERVISION_AUTO_URGE",
          entity: "Supervision",
          entityId: id,
          projectId: row.projectId,
          after: { step: SUPERVISION_STEP_LABELS[s.step], dueAt: s.dueAt },
        });
        await notifyUsers(
          tx,
          await unitUserIds(
            tx,
            units.filter((u) => u.isLead),
          ),
          {
            kind: "SUPERVISION_URGED",
            title: `督办超时催办（${SUPERVISION_STEP_LABELS[s.step]}）：${row.code} ${row.title}`,
            link: supervisionLink(id),
            dedupeKey: autoUrgeKey(id, s.step, s.dueAt),
          },
        );
      }
      if (n)
        await tx.supervision.update({ where: { id }, data: { urgeCount: { increment: n } }, select: { id: true } });
      return n;
    });
  }
  return urged;
}

// — reads —

export async function unitOptions() {
  return prisma.department.findMany({
    select: { id: true, name: true, kind: true, countyId: true },
    orderBy: { sortOrder: "asc" },
  });
}

export type { IsoDate };

/** One item for its page: facts, units, every step with who and which unit, the card and the viewer's actions. */
export async function getSupervisionDetail(viewer: Viewer, id: number) {
  const r = await prisma.supervision.findFirst({
    where: { id, AND: [supervisionScope(viewer)] },
    select: {
      ...refSelect,
      instruction: true,
      level: true,
      source: true,
      reportMonth: true,
      finishDays: true,
      assignedAt: true,
      originalDueAt: true,
      closedAt: true,
      evaluatedAt: true,
      onTime: true,
      rating: true,
      evaluation: true,
      pendingReason: true,
      extensionCount: true,
      urgeCount: true,
      latestProgress: true,
      leader: { select: { displayName: true, title: true } },
      project: { select: { id: true, name: true } },
      issue: { select: { id: true, code: true, title: true } },
      events: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          kind: true,
          note: true,
          dueAt: true,
          step: true,
          createdAt: true,
          actorId: true,
          departmentId: true,
          attachments: { select: { id: true, fileName: true, size: true } },
        },
      },
    },
  });
  if (!r) return null;
  const units = unitRefs(r.units);
  const actorIds = [...new Set(r.events.map((e) => e.actorId).filter((x): x is number => x !== null))];
  const actors = new Map(
    (await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } })).map(
      (u) => [u.id, u.displayName],
    ),
  );
  const unitName = new Map(units.map((u) => [u.departmentId, u.name]));
  return {
    item: r,
    units,
    events: r.events.map((e) => ({
      ...e,
      actor: e.actorId ? (actors.get(e.actorId) ?? "") : "系统",
      unit: e.departmentId ? (unitName.get(e.departmentId) ?? null) : null,
    })),
  };
}
