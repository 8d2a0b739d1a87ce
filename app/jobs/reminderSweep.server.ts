// Reminders beyond issues and the weekly 一周一清单 digest (issue 16, docs/decisions/130). A pg-boss job runs the
// sweep every five minutes on the application clock: milestones planned within 7 days, projects turning yellow or
// red, agency tasks due within 1 working day or overdue, leads whose 下次跟进 date is reached, signed projects
// without a service team (to 市经信委) and, from 08:30 on the week's first working day, each team's and county's
// digest. Every reminder carries a dedupe key naming its object and date, so however often the sweep runs, and in
// however many instances, each is written once (the notification's unique key); the outbox rows are written with
// it, in its transaction (docs/decisions/110), and the write is audited.
import type PgBoss from "pg-boss";
import { addDays, chinaToday, formatChineseDate, fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import { ISSUE_STATUS_LABELS, MILESTONE_LABELS, OPEN_TASK_STATUSES, SERVICE_LOG_KIND_LABELS } from "~/domain/labels";
import { NOTIFICATION_KINDS, type NotificationKind } from "~/domain/notificationLabels";
import type { Viewer } from "~/domain/permissions";
import { digestWeekDue, LOOKBACK_DAYS, MILESTONE_HORIZON_DAYS, taskReminder } from "~/domain/reminders";
import { OPEN_LEAD_STAGES } from "~/domain/followUp";
import { dueLabel, dueState } from "~/domain/weekList";
import type { WorkCalendar } from "~/domain/workdays";
import { myWork } from "~/models/myWork.server";
import { notifyUsers, type NotificationDraft } from "~/models/notification.server";
import { loadClockConfig } from "~/models/slaConfig.server";
import { audit } from "~/utils/audit.server";
import { clockReady, now as clockNow } from "~/utils/clock.server";
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { log } from "~/utils/log.server";

export const REMINDER_QUEUE = "notification-reminders";

/** One reminder: who hears it and what; `entity` names the object the audit event is about. */
interface Reminder extends NotificationDraft {
  dedupeKey: string;
  userIds: number[];
  entity: string;
  entityId: number;
  projectId?: number | null;
}

export type ReminderTally = Partial<Record<NotificationKind, number>>;

// ── recipients ──────────────────────────────────────────────────────────────────────────────────────────────────
interface People {
  team: Map<number, number[]>;
  county: Map<number, number[]>;
  role: Map<string, number[]>;
}

async function people(db: Db): Promise<People> {
  const users = await db.user.findMany({
    where: { isActive: true, role: { in: ["TEAM", "COUNTY", "EIC", "LEADER"] } },
    select: { id: true, role: true, teamId: true, countyId: true },
    orderBy: { id: "asc" },
  });
  const push = (m: Map<number | string, number[]>, k: number | string, id: number) =>
    m.set(k, [...(m.get(k) ?? []), id]);
  const p: People = { team: new Map(), county: new Map(), role: new Map() };
  for (const u of users) {
    push(p.role, u.role, u.id);
    if (u.role === "TEAM" && u.teamId) push(p.team, u.teamId, u.id);
    if (u.role === "COUNTY" && u.countyId) push(p.county, u.countyId, u.id);
  }
  return p;
}

/** A project's people: its service team, or the county's staff while it has none. */
const projectPeople = (p: People, project: { serviceTeamId: number | null; countyId: number }) =>
  (project.serviceTeamId ? p.team.get(project.serviceTeamId) : null) ?? p.county.get(project.countyId) ?? [];

// ── what is due ─────────────────────────────────────────────────────────────────────────────────────────────────
async function milestoneReminders(db: Db, p: People, today: IsoDate): Promise<Reminder[]> {
  const rows = await db.milestone.findMany({
    where: {
      actualOn: null,
      plannedOn: { gte: fromIsoDate(today), lte: fromIsoDate(addDays(today, MILESTONE_HORIZON_DAYS)) },
      project: { pool: { not: "WITHDRAWN" } },
    },
    select: {
      id: true,
      stage: true,
      plannedOn: true,
      project: { select: { id: true, name: true, code: true, serviceTeamId: true, countyId: true } },
    },
    orderBy: { id: "asc" },
  });
  return rows.map((m) => {
    const planned = toIsoDate(m.plannedOn!);
    return {
      kind: "MILESTONE_SOON",
      title: `里程碑「${MILESTONE_LABELS[m.stage]}」计划于${formatChineseDate(planned)}完成：${m.project.name}`,
      link: `/projects/${m.project.id}/milestones`,
      lines: [`项目：${m.project.code} ${m.project.name}`, `${dueLabel(dueState(planned, today))}`],
      dedupeKey: `milestone-soon:${m.id}:${planned}`,
      userIds: projectPeople(p, m.project),
      entity: "Milestone",
      entityId: m.id,
      projectId: m.project.id,
    };
  });
}

interface LagRow {
  id: number;
  name: string;
  code: string;
  county_id: number;
  service_team_id: number | null;
  color: "RED" | "YELLOW";
  since: string;
}

/** Projects whose lag turned yellow or red within the last week (and still is, today). */
async function lagReminders(db: Db, p: People, today: IsoDate): Promise<Reminder[]> {
  const rows = await db.$queryRawUnsafe<LagRow[]>(
    `SELECT p.id, p.name, p.code, p.county_id, p.service_team_id, 'RED' AS color, lower(r)::text AS since
       FROM project p, unnest(p.lag_red) r
      WHERE p.pool <> 'WITHDRAWN' AND r @> $1::date AND lower(r) >= $2::date
     UNION ALL
     SELECT p.id, p.name, p.code, p.county_id, p.service_team_id, 'YELLOW', lower(r)::text
       FROM project p, unnest(p.lag_yellow) r
      WHERE p.pool <> 'WITHDRAWN' AND r @> $1::date AND lower(r) >= $2::date AND NOT p.lag_red @> $1::date
     ORDER BY 1`,
    today,
    addDays(today, -LOOKBACK_DAYS),
  );
  return rows.map((r) => {
    const red = r.color === "RED";
    const project = { serviceTeamId: r.service_team_id, countyId: r.county_id };
    const county = p.county.get(r.county_id) ?? [];
    return {
      kind: "PROJECT_LAGGING",
      title: `项目进度转为${red ? "红灯" : "黄灯"}：${r.name}`,
      link: `/projects/${r.id}`,
      lines: [
        `项目：${r.code} ${r.name}`,
        `自${formatChineseDate(r.since)}起有计划节点超过${red ? " 3 个月" : " 1 个月"}未完成`,
      ],
      dedupeKey: `project-lag:${r.id}:${r.color}:${r.since}`,
      userIds: [...new Set([...projectPeople(p, project), ...county])],
      entity: "Project",
      entityId: r.id,
      projectId: r.id,
    };
  });
}

async function taskReminders(db: Db, p: People, today: IsoDate, cal: WorkCalendar): Promise<Reminder[]> {
  const rows = await db.agencyTask.findMany({
    where: {
      status: { in: [...OPEN_TASK_STATUSES] },
      dueOn: { gte: fromIsoDate(addDays(today, -LOOKBACK_DAYS)), lte: fromIsoDate(addDays(today, 30)) },
      project: { pool: { not: "WITHDRAWN" } },
    },
    select: {
      id: true,
      title: true,
      dueOn: true,
      teamId: true,
      handlerId: true,
      handlerName: true,
      project: { select: { id: true, name: true, code: true, serviceTeamId: true, countyId: true } },
    },
    orderBy: { id: "asc" },
  });
  const out: Reminder[] = [];
  for (const t of rows) {
    const due = toIsoDate(t.dueOn!);
    const which = taskReminder(due, today, cal);
    if (!which) continue;
    const team = t.teamId ? p.team.get(t.teamId) : null;
    const ids = [...(team ?? projectPeople(p, t.project)), ...(t.handlerId ? [t.handlerId] : [])];
    out.push({
      kind: which === "OVERDUE" ? "TASK_OVERDUE" : "TASK_DUE_SOON",
      title: `代办事项${which === "OVERDUE" ? "已逾期" : "即将到期"}：${t.title}（${t.project.name}）`,
      link: `/projects/${t.project.id}/tasks`,
      lines: [
        `项目：${t.project.code} ${t.project.name}`,
        `办理期限：${formatChineseDate(due)}（${dueLabel(dueState(due, today))}）`,
        ...(t.handlerName ? [`经办人：${t.handlerName}`] : []),
      ],
      dedupeKey: `task-${which === "OVERDUE" ? "overdue" : "due"}:${t.id}:${due}`,
      userIds: [...new Set(ids)],
      entity: "AgencyTask",
      entityId: t.id,
      projectId: t.project.id,
    });
  }
  return out;
}

/**
 * 出让金分期逾期 (issue 18 §4, docs/decisions/221): an instalment whose due date passed without being paid in full —
 * once per instalment and due date (the dedupe key), to the project's people and its county.
 */
async function landReminders(db: Db, p: People, today: IsoDate): Promise<Reminder[]> {
  const rows = await db.landInstalment.findMany({
    where: {
      dueOn: { gte: fromIsoDate(addDays(today, -LOOKBACK_DAYS)), lt: fromIsoDate(today) },
      OR: [{ paidAmount: null }, { paidAmount: { lt: db.landInstalment.fields.amount } }],
    },
    select: {
      id: true,
      seq: true,
      dueOn: true,
      amount: true,
      paidAmount: true,
      landSupply: {
        select: {
          id: true,
          location: true,
          project: { select: { id: true, name: true, code: true, serviceTeamId: true, countyId: true } },
        },
      },
    },
    orderBy: { id: "asc" },
  });
  return rows.map((i) => {
    const due = toIsoDate(i.dueOn);
    const project = i.landSupply.project;
    const owed = i.amount - (i.paidAmount ?? 0);
    return {
      kind: "LAND_INSTALMENT_OVERDUE",
      title: `土地出让金第 ${i.seq} 期逾期未缴：${project.name}（${owed} 万元）`,
      link: `/projects/${project.id}/land`,
      lines: [
        `项目：${project.code} ${project.name}`,
        `土地坐落：${i.landSupply.location}`,
        `应缴：${formatChineseDate(due)} ${i.amount} 万元，未缴 ${owed} 万元（${dueLabel(dueState(due, today))}）`,
      ],
      dedupeKey: `land-overdue:${i.id}:${due}`,
      userIds: [...new Set([...projectPeople(p, project), ...(p.county.get(project.countyId) ?? [])])],
      entity: "LandInstalment",
      entityId: i.id,
      projectId: project.id,
    };
  });
}

async function leadReminders(db: Db, p: People, today: IsoDate): Promise<Reminder[]> {
  const rows = await db.lead.findMany({
    where: {
      stage: { in: [...OPEN_LEAD_STAGES] },
      nextFollowUpOn: { gte: fromIsoDate(addDays(today, -LOOKBACK_DAYS)), lte: fromIsoDate(today) },
    },
    select: { id: true, name: true, enterpriseName: true, nextFollowUpOn: true, ownerId: true, countyId: true },
    orderBy: { id: "asc" },
  });
  return rows.map((l) => {
    const on = toIsoDate(l.nextFollowUpOn!);
    return {
      kind: "LEAD_FOLLOW_UP",
      title: `线索到了下次跟进日期：${l.name}（${l.enterpriseName}）`,
      link: `/leads/${l.id}`,
      lines: [`下次跟进：${formatChineseDate(on)}（${dueLabel(dueState(on, today))}）`],
      dedupeKey: `lead-follow:${l.id}:${on}`,
      userIds: l.ownerId ? [l.ownerId] : (p.county.get(l.countyId) ?? []),
      entity: "Lead",
      entityId: l.id,
    };
  });
}

async function unassignedReminders(db: Db, p: People): Promise<Reminder[]> {
  const rows = await db.project.findMany({
    where: { signedOn: { not: null }, serviceTeamId: null, pool: { not: "WITHDRAWN" } },
    select: { id: true, code: true, name: true, signedOn: true, county: { select: { name: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    kind: "PROJECT_UNASSIGNED",
    title: `签约项目尚未分配服务小组：${r.name}`,
    link: `/projects/${r.id}`,
    lines: [`项目：${r.code} ${r.name}（${r.county.name}）`, `签约日期：${formatChineseDate(r.signedOn)}`],
    dedupeKey: `unassigned:${r.id}`,
    userIds: p.role.get("EIC") ?? [],
    entity: "Project",
    entityId: r.id,
    projectId: r.id,
  }));
}

// ── the weekly digest ───────────────────────────────────────────────────────────────────────────────────────────
type WeekList = Awaited<ReturnType<typeof myWork>>;

/** The digest's lines: every item of the 一周一清单, in the page's order and words. */
export function digestLines(w: WeekList, today: IsoDate): string[] {
  const due = (d: IsoDate) => `${formatChineseDate(d)}（${dueLabel(dueState(d, today))}）`;
  const more = (shown: number, count: number) => (count > shown ? [`……另有 ${count - shown} 项，请在系统中查看`] : []);
  return [
    ...w.milestones.items.map(
      (m) => `里程碑：${m.project.name}「${MILESTONE_LABELS[m.stage]}」计划完成 ${due(m.plannedOn)}`,
    ),
    ...more(w.milestones.items.length, w.milestones.count),
    ...w.tasks.items.map((t) => `代办：${t.title}（${t.project.name}）期限 ${due(t.dueOn)}`),
    ...more(w.tasks.items.length, w.tasks.count),
    ...w.land.items.map(
      (i) => `出让金：${i.project.name} 第 ${i.seq} 期应缴 ${i.amount} 万元，未缴 ${i.owed} 万元，期限 ${due(i.dueOn)}`,
    ),
    ...more(w.land.items.length, w.land.count),
    ...w.issues.items.map((i) => `诉求：${i.code} ${i.title}（${ISSUE_STATUS_LABELS[i.status]}）`),
    ...more(w.issues.items.length, w.issues.count),
    ...w.followUps.items.map(
      (f) =>
        `跟进：${f.project?.name ?? "企业服务"} ${SERVICE_LOG_KIND_LABELS[f.kind]}：${f.content.length > 40 ? `${f.content.slice(0, 40)}…` : f.content}，跟进日期 ${due(f.followUpOn)}`,
    ),
    ...more(w.followUps.items.length, w.followUps.count),
    ...w.leadFollowUps.items.map((l) => `线索跟进：${l.name}（${l.enterpriseName}）下次跟进 ${due(l.nextFollowUpOn)}`),
    ...more(w.leadFollowUps.items.length, w.leadFollowUps.count),
  ];
}

const unitViewer = (unit: { role: "TEAM" | "COUNTY"; teamId?: number; countyId?: number }): Viewer => ({
  id: 0,
  username: "",
  displayName: "",
  role: unit.role,
  teamId: unit.teamId ?? null,
  countyId: unit.countyId ?? null,
  enterpriseId: null,
});

async function digestReminders(db: Db, p: People, week: IsoDate, today: IsoDate): Promise<Reminder[]> {
  const [teams, counties] = await Promise.all([
    db.serviceTeam.findMany({ select: { id: true, name: true }, orderBy: { no: "asc" } }),
    db.county.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } }),
  ]);
  const units = [
    ...teams.map((t) => ({
      key: `team:${t.id}`,
      name: t.name,
      viewer: unitViewer({ role: "TEAM", teamId: t.id }),
      to: p.team.get(t.id),
    })),
    ...counties.map((c) => ({
      key: `county:${c.id}`,
      name: c.name,
      viewer: unitViewer({ role: "COUNTY", countyId: c.id }),
      to: p.county.get(c.id),
    })),
  ];
  const out: Reminder[] = [];
  for (const u of units) {
    // a unit without anyone to read it gets none
    if (!u.to?.length) continue;
    const w = await myWork(u.viewer, today);
    const total =
      w.milestones.count + w.tasks.count + w.land.count + w.issues.count + w.followUps.count + w.leadFollowUps.count;
    out.push({
      kind: "WEEKLY_DIGEST",
      title: `${u.name} 一周一清单（${formatChineseDate(w.week.start)}–${formatChineseDate(w.week.end)}）：共 ${total} 项`,
      link: "/my-work",
      lines: total ? digestLines(w, today) : ["本周没有到期或逾期的事项。"],
      dedupeKey: `digest:${u.key}:${week}`,
      userIds: u.to,
      entity: u.key.startsWith("team") ? "ServiceTeam" : "County",
      entityId: Number(u.key.split(":")[1]),
    });
  }
  return out;
}

// ── the sweep ───────────────────────────────────────────────────────────────────────────────────────────────────
/** The per-user keys already written among these reminders'. */
async function writtenKeys(db: Db, rs: Reminder[]): Promise<Set<string>> {
  const keys = rs.flatMap((r) => r.userIds.map((u) => `${r.dedupeKey}:u${u}`.slice(0, 160)));
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 5000) {
    const rows = await db.notification.findMany({
      where: { dedupeKey: { in: keys.slice(i, i + 5000) } },
      select: { dedupeKey: true },
    });
    for (const r of rows) out.add(r.dedupeKey!);
  }
  return out;
}

export async function runReminderSweep(db: Db = prisma, now: Date = clockNow()): Promise<ReminderTally> {
  const today = chinaToday(now);
  const [{ cal }, p] = await Promise.all([loadClockConfig(db), people(db)]);
  const week = digestWeekDue(now, today, cal);
  const all = (
    await Promise.all([
      milestoneReminders(db, p, today),
      lagReminders(db, p, today),
      taskReminders(db, p, today, cal),
      landReminders(db, p, today),
      leadReminders(db, p, today),
      unassignedReminders(db, p),
      week ? digestReminders(db, p, week, today) : Promise.resolve([]),
    ])
  ).flat();
  const done = await writtenKeys(db, all);
  const tally: ReminderTally = {};
  for (const r of all) {
    const ids = r.userIds.filter((u) => !done.has(`${r.dedupeKey}:u${u}`.slice(0, 160)));
    if (!ids.length) continue;
    try {
      const n = await db.$transaction(async (tx) => {
        const created = await notifyUsers(tx, ids, r);
        if (created)
          await audit(tx, {
            actorId: null,
            action: "NOTIFY",
            entity: r.entity,
            entityId: r.entityId,
            projectId: r.projectId ?? null,
            after: { notice: NOTIFICATION_KINDS[r.kind], title: r.title, recipients: created },
          });
        return created;
      });
      if (n) tally[r.kind] = (tally[r.kind] ?? 0) + 1;
    } catch (err) {
      log.error({ err, job: "reminders", key: r.dedupeKey }, `提醒发送失败：${r.title}`);
    }
  }
  return tally;
}

export async function registerReminderJob(boss: PgBoss) {
  await boss.createQueue(REMINDER_QUEUE, {
    name: REMINDER_QUEUE,
    policy: "singleton",
    retryLimit: 0,
    expireInSeconds: 15 * 60,
  });
  await boss.schedule(REMINDER_QUEUE, "*/5 * * * *", {}, { tz: "Asia/Shanghai" });
  await boss.work(REMINDER_QUEUE, async () => {
    await clockReady().catch(() => null);
    const tally = await runReminderSweep();
    const n = Object.values(tally).reduce((a, b) => a + (b ?? 0), 0);
    if (n) log.info({ job: "reminders", ...tally }, `提醒：发出 ${n} 条`);
  });
}
