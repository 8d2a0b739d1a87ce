// The 13710 sweep: marks overdue steps, escalates issues whose resolve deadline passed (per policy) and
// notifies the people concerned of due-soon and overdue steps. It may run in several app instances at once:
// each issue is handled in its own transaction holding the issue's row lock (FOR UPDATE SKIP LOCKED, so a second
// worker skips an issue the first is on), the escalation goes through the version check, and every automatic
// event and notification carries a unique dedupe key — a step is marked, and a clock escalated, exactly once.
import { formatDeadline } from "~/domain/deadlineFormat";
import { planTransition } from "~/domain/issueTransitions";
import { levelAbove, OPEN_STATUSES } from "~/domain/issueWorkflow";
import { ISSUE_LEVEL_LABELS } from "~/domain/labels";
import {
  CLOCK_STEP_LABELS,
  clockState,
  dueSoonCutoff,
  overdueSteps,
  stepDue,
  type ClockStep,
  type SlaPolicy,
} from "~/domain/sla13710";
import type { WorkCalendar } from "~/domain/workdays";
import { handlerUsers, issueLink, issueStateSelect, toIssueState, type LoadedIssue } from "~/models/issue.server";
import { notifyUsers } from "~/models/notification.server";
import { loadClockConfig } from "~/models/slaConfig.server";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import type { Db, Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { now as clockNow } from "~/utils/clock.server";

export interface SweepResult {
  examined: number;
  overdueMarked: number;
  escalated: number;
  notified: number;
  skippedLocked: number;
  failed: number;
}

const clockKey = (i: Pick<LoadedIssue, "id" | "clockStartedAt">) => `${i.id}:${i.clockStartedAt.getTime()}`;
export const overdueKey = (i: Pick<LoadedIssue, "id" | "clockStartedAt">, step: ClockStep) =>
  `overdue:${clockKey(i)}:${step}`;
export const escalateKey = (i: Pick<LoadedIssue, "id" | "clockStartedAt">) => `escalate:${clockKey(i)}`;
const dueSoonKey = (i: Pick<LoadedIssue, "id" | "clockStartedAt">, step: ClockStep) =>
  `due-soon:${clockKey(i)}:${step}`;

interface Work {
  overdue: ClockStep[];
  escalate: boolean;
  dueSoon: ClockStep | null;
}

/** What the sweep still has to do for an issue at `now`, given the dedupe keys already written. */
function workFor(issue: LoadedIssue, now: Date, policy: SlaPolicy, cal: WorkCalendar, done: Set<string>): Work {
  const overdue = overdueSteps(issue, now).filter((s) => !done.has(overdueKey(issue, s)));
  const escalate =
    policy.autoEscalate &&
    levelAbove(issue.level) !== null &&
    overdueSteps(issue, now).includes("RESOLVE") &&
    !done.has(escalateKey(issue));
  const state = clockState(issue, now, policy, cal);
  const dueSoon =
    state.color === "yellow" && state.step && !done.has(dueSoonKey(issue, state.step)) ? state.step : null;
  return { overdue, escalate, dueSoon };
}

const hasWork = (w: Work) => w.overdue.length > 0 || w.escalate || w.dueSoon !== null;

export async function runSlaSweep(db: Db = prisma, now: Date = clockNow()): Promise<SweepResult> {
  const result: SweepResult = { examined: 0, overdueMarked: 0, escalated: 0, notified: 0, skippedLocked: 0, failed: 0 };
  const { policy, cal } = await loadClockConfig(db);
  const cutoff = dueSoonCutoff(now, policy.dueSoonDays, cal);
  const soon = { lte: cutoff > now ? cutoff : now };
  // Open issues with a step not done whose deadline is past or near.
  const rows = await db.coordinationIssue.findMany({
    where: {
      status: { in: [...OPEN_STATUSES] },
      OR: [
        { status: { in: ["SUBMITTED", "REOPENED"] }, acceptDueAt: soon },
        { status: { in: ["SUBMITTED", "REOPENED", "ACCEPTED"] }, respondDueAt: soon },
        { resolveDueAt: soon },
      ],
    },
    select: issueStateSelect,
    orderBy: { id: "asc" },
  });
  const candidates = rows.map(toIssueState);
  result.examined = candidates.length;
  if (!candidates.length) return result;

  const done = await writtenKeys(db, candidates);
  for (const c of candidates) {
    if (!hasWork(workFor(c, now, policy, cal, done))) continue;
    try {
      const r = await db.$transaction(async (tx) => sweepOne(tx, c.id, now, policy, cal));
      if (r === "locked") result.skippedLocked++;
      else {
        result.overdueMarked += r.overdueMarked;
        result.escalated += r.escalated;
        result.notified += r.notified;
      }
    } catch (err) {
      // A unique-key collision means another worker did this step first; anything else is logged and retried
      // on the next run.
      if ((err as { code?: string }).code !== "P2002") log.error({ err }, `13710 时限检查：诉求 ${c.code} 处理失败`);
      result.failed++;
    }
  }
  return result;
}

/** Dedupe keys of automatic events and due-soon notices already written for these issues' running clocks. */
async function writtenKeys(db: Tx, issues: LoadedIssue[]): Promise<Set<string>> {
  const keys = issues.flatMap((i) => [
    escalateKey(i),
    ...(["ACCEPT", "RESPOND", "RESOLVE"] as const).map((s) => overdueKey(i, s)),
  ]);
  const [events, notices] = await Promise.all([
    db.issueEvent.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } }),
    db.notification.findMany({
      where: { issueId: { in: issues.map((i) => i.id) }, kind: "DUE_SOON", dedupeKey: { not: null } },
      select: { dedupeKey: true },
    }),
  ]);
  const out = new Set<string>();
  for (const e of events) out.add(e.dedupeKey!);
  for (const n of notices) out.add(n.dedupeKey!.replace(/:u\d+$/, ""));
  return out;
}

async function sweepOne(tx: Tx, id: number, now: Date, policy: SlaPolicy, cal: WorkCalendar) {
  const locked = await tx.$queryRaw<
    { id: number }[]
  >`SELECT id FROM coordination_issue WHERE id = ${id} FOR UPDATE SKIP LOCKED`;
  if (!locked.length) return "locked" as const;
  // Re-read under the lock: another worker may have handled the issue since the candidates were listed.
  const row = await tx.coordinationIssue.findUnique({ where: { id }, select: issueStateSelect });
  if (!row) return { overdueMarked: 0, escalated: 0, notified: 0 };
  const issue = toIssueState(row);
  if (!(OPEN_STATUSES as string[]).includes(issue.status)) return { overdueMarked: 0, escalated: 0, notified: 0 };
  const done = await writtenKeys(tx, [issue]);
  const work = workFor(issue, now, policy, cal, done);
  let overdueMarked = 0;
  let escalated = 0;
  let notified = 0;
  const link = issueLink(issue.id);
  const handlers = async (i: LoadedIssue) => (await handlerUsers(tx, i)).map((u) => u.id);
  const owners = async (i: LoadedIssue) => (i.assigneeId ? [i.assigneeId] : await handlers(i));

  for (const step of work.overdue) {
    const due = stepDue(step, issue)!;
    await tx.issueEvent.create({
      data: {
        issueId: issue.id,
        kind: "OVERDUE",
        note: `${CLOCK_STEP_LABELS[step]}超时：期限为 ${formatDeadline(due)}（${ISSUE_LEVEL_LABELS[issue.level]}）。`,
        dedupeKey: overdueKey(issue, step),
        createdAt: now,
      },
    });
    overdueMarked++;
    notified += await notifyUsers(tx, await owners(issue), {
      issueId: issue.id,
      kind: "OVERDUE",
      title: `诉求${CLOCK_STEP_LABELS[step]}已超时：${issue.code} ${issue.title}`,
      link,
      dedupeKey: overdueKey(issue, step),
    });
  }
  if (work.overdue.length) {
    await audit(tx, {
      actorId: null,
      action: "ISSUE_OVERDUE",
      entity: "CoordinationIssue",
      entityId: issue.id,
      projectId: issue.projectId,
      after: { steps: work.overdue, level: issue.level, clockStartedAt: issue.clockStartedAt },
    });
  }

  if (work.escalate) {
    const to = levelAbove(issue.level)!;
    const note = `超过13710办结时限（期限为 ${formatDeadline(issue.resolveDueAt)}）未办结，系统自动上报${ISSUE_LEVEL_LABELS[to]}。`;
    const plan = planTransition(issue, { type: "escalate", note, auto: true }, { now, actorId: null, policy, cal });
    await updateVersioned(tx.coordinationIssue, "CoordinationIssue", issue.id, issue.version, {
      ...plan.patch,
      updatedAt: now,
    });
    await tx.issueEvent.create({
      data: { ...plan.events[0], issueId: issue.id, actorId: null, dedupeKey: escalateKey(issue), createdAt: now },
    });
    await audit(tx, {
      actorId: null,
      action: "ISSUE_AUTO_ESCALATE",
      entity: "CoordinationIssue",
      entityId: issue.id,
      projectId: issue.projectId,
      before: { level: issue.level, status: issue.status, clockStartedAt: issue.clockStartedAt },
      after: plan.patch,
    });
    escalated++;
    const after = { ...issue, ...plan.patch } as LoadedIssue;
    notified += await notifyUsers(tx, await handlers(after), {
      issueId: issue.id,
      kind: "ESCALATED",
      title: `超时自动上报至${ISSUE_LEVEL_LABELS[to]}，待受理：${issue.code} ${issue.title}`,
      link,
      dedupeKey: escalateKey(issue),
    });
  } else if (work.dueSoon) {
    notified += await notifyUsers(tx, await owners(issue), {
      issueId: issue.id,
      kind: "DUE_SOON",
      title: `诉求${CLOCK_STEP_LABELS[work.dueSoon]}即将到期：${issue.code} ${issue.title}`,
      link,
      dedupeKey: dueSoonKey(issue, work.dueSoon),
    });
  }
  return { overdueMarked, escalated, notified };
}
