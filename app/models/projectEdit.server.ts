// Creating and editing projects. Permission (bureau/admin anywhere, a county only in its own county) is checked
// here against the submitted county as well as the stored one; the enterprise is picked or created (credit code
// checked and unique); lead officials are replaced; everything runs in one transaction with its audit events.
// Editing is version-checked: a stale form is refused with what the other person changed.
import { once, type CreateClaim } from "~/utils/createToken.server";
import type { Prisma } from "~/generated/prisma/client";
import { normalizeCreditCode } from "~/domain/creditCode";
import { fromIsoDate } from "~/domain/dates";
import { ATTRACTION_METHOD_LABELS, label, ORIGIN_LABELS, SOURCE_REGION_LABELS } from "~/domain/labels";
import {
  canAdjustPlan,
  canChooseTeamInProjectForm,
  canCreateProject,
  canEditProject,
  canMarkPublicPromotion,
  seesAllProjects,
  type Viewer,
} from "~/domain/permissions";
import {
  PROJECT_FIELD_LABELS,
  type ProjectCreateForm,
  type ProjectEditForm,
  type ProjectFormValues,
} from "~/domain/projectForm";
import type { ConflictField } from "~/domain/refusal";
import { audit, diffFields } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { Refusal } from "~/domain/refusal";
import { prisma, type Tx } from "~/utils/db.server";
import { type ExistingEnterprise, lostCreditCodeRace, resolveEnterprise } from "./enterpriseChoice.server";
import { handOverOpenWork } from "./projectHandover.server";
import { projectScope } from "./scope.server";
import { now as clockNow } from "~/utils/clock.server";
import { countyOptions } from "./options.server";
import { areaOfCounty, countyAreas, locationError } from "~/utils/jinzhongShapes.server";
import { bboxOf, type PickerArea, ZONE_AREAS } from "~/domain/geo";

export type FieldErrors = Record<string, string>;

/** A refusal the form shows next to its fields (optionally offering an existing enterprise). */
function refused(fieldErrors: FieldErrors, existingEnterprise: ExistingEnterprise | null = null, status?: 403) {
  return new Refusal({ fieldErrors, existingEnterprise }, status);
}

export async function projectFormOptions(viewer: Viewer) {
  const [counties, industries, officials, teams] = await Promise.all([
    countyOptions(prisma, viewer.role === "COUNTY" ? viewer.countyId : undefined),
    prisma.industry.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
    prisma.official.findMany({
      select: { id: true, name: true, title: true, level: true, countyId: true },
      orderBy: [{ level: "asc" }, { countyId: "asc" }, { id: "asc" }],
    }),
    prisma.serviceTeam.findMany({ select: { id: true, no: true, name: true }, orderBy: { no: "asc" } }),
  ]);
  const codes = await prisma.county.findMany({
    where: { id: { in: counties.map((c) => c.id) } },
    select: { id: true, code: true, name: true },
  });
  return {
    counties,
    mapAreas: Object.fromEntries(codes.map((c) => [c.id, pickerArea(c)])) as Record<number, PickerArea>,
    industries,
    officials,
    teams,
    // the form offers these fields only to those whose save honours them (restrictToViewer)
    choosesTeam: canChooseTeamInProjectForm(viewer),
    setsPlan: canAdjustPlan(viewer),
    setsPublic: canMarkPublicPromotion(viewer),
  };
}

/**
 * The fields a viewer may not set from the project form keep their stored value (a new project: none). A county's
 * save cannot assign a team (assignment pages) nor move the project in or out of the year's 转型项目 plan (only
 * 动态调整, with a reason) — whatever the posted form holds or leaves out.
 */
function restrictToViewer<F extends ProjectFormValues>(
  viewer: Viewer,
  form: F,
  current: {
    isTransformation: boolean;
    serviceTeamId: number | null;
    publicPromotion: boolean;
    longitude: number | null;
    latitude: number | null;
  } | null,
): F {
  // a post without the coordinates (a form that does not show them) keeps the stored point
  const keepPoint = form.longitude === undefined && form.latitude === undefined;
  return {
    ...form,
    isTransformation: canAdjustPlan(viewer) ? form.isTransformation : (current?.isTransformation ?? false),
    serviceTeamId: canChooseTeamInProjectForm(viewer) ? form.serviceTeamId : (current?.serviceTeamId ?? null),
    publicPromotion: canMarkPublicPromotion(viewer) ? form.publicPromotion : (current?.publicPromotion ?? false),
    longitude: keepPoint ? (current?.longitude ?? null) : (form.longitude ?? null),
    latitude: keepPoint ? (current?.latitude ?? null) : (form.latitude ?? null),
  };
}
function pickerArea(county: { code: string; name: string }): PickerArea {
  const { area } = areaOfCounty(county);
  const b = bboxOf(area);
  // the map's feature: a zone's outline (ZONE_AREAS), a county's polygon by name; a county unknown to it none
  const mapName = ZONE_AREAS[county.code]?.name ?? (countyAreas().has(county.name) ? county.name : null);
  return { mapName, bbox: [b.minX, b.minY, b.maxX, b.maxY] };
}

export type ProjectFormOptions = Awaited<ReturnType<typeof projectFormOptions>>;

async function checkReferences(tx: Tx, form: ProjectFormValues): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  // inside the transaction: one statement at a time on its connection
  const county = await tx.county.findUnique({
    where: { id: form.countyId },
    select: { id: true, code: true, name: true },
  });
  const industry = await tx.industry.findUnique({ where: { id: form.industryId }, select: { id: true } });
  const team = form.serviceTeamId
    ? await tx.serviceTeam.findUnique({ where: { id: form.serviceTeamId }, select: { id: true } })
    : null;
  const officials = await tx.official.count({ where: { id: { in: form.officialIds } } });
  if (!county) errors.countyId = "请选择县区";
  // the point must lie in the project's county or zone (a county change with the point kept is checked too)
  if (county && typeof form.longitude === "number" && typeof form.latitude === "number") {
    const problem = locationError(county, [form.longitude, form.latitude]);
    if (problem) errors.longitude = problem;
  }
  if (!industry) errors.industryId = "请选择产业";
  if (form.serviceTeamId && !team) errors.serviceTeamId = "服务小组不存在";
  if (officials !== form.officialIds.length) errors.officialIds = "领办领导中有无效的人员，请重新选择";
  return errors;
}

function columns(form: ProjectFormValues, enterpriseId: number | null) {
  return {
    name: form.name,
    countyId: form.countyId,
    industryId: form.industryId,
    enterpriseId,
    origin: form.origin,
    sourceRegion: form.sourceRegion,
    attractionMethod: form.attractionMethod,
    totalInvestment: form.totalInvestment,
    contractAmount: form.contractAmount ?? 0,
    annualPlanInvestment: form.annualPlanInvestment ?? 0,
    planYear: form.planYear,
    isTransformation: form.isTransformation,
    constructionContent: form.constructionContent,
    landArea: form.landArea,
    landSupplyMethod: form.landSupplyMethod,
    landTermYears: form.landTermYears,
    landPremiumInstalments: form.landPremiumInstalments,
    serviceTeamId: form.serviceTeamId,
    longitude: form.longitude ?? null,
    latitude: form.latitude ?? null,
    publicPromotion: form.publicPromotion,
  };
}

/** Next free code "XM2017-0001" for the plan year (retried by the caller if two creations race). */
async function nextCode(tx: Tx, year: number) {
  const prefix = `XM${year}-`;
  const last = await tx.project.findFirst({
    where: { code: { startsWith: prefix } },
    orderBy: { code: "desc" },
    select: { code: true },
  });
  const n = last ? Number(last.code.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, "0")}`;
}

export async function createProject(
  viewer: Viewer,
  posted: ProjectCreateForm,
  claim?: CreateClaim,
): Promise<{ id: number }> {
  if (!canCreateProject(viewer, posted.countyId)) throw refused({ countyId: "您只能为本县区创建项目" }, null, 403);
  const form = restrictToViewer(viewer, posted, null);
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) =>
        once(tx, claim, async () => {
          const refErrors = await checkReferences(tx, form);
          if (Object.keys(refErrors).length) throw refused(refErrors);
          const enterpriseId = await resolveEnterprise(tx, viewer, form, form.countyId);
          const data = columns(form, enterpriseId);
          const p = await tx.project.create({
            data: { ...data, code: await nextCode(tx, form.planYear), origin: form.origin, createdById: viewer.id },
            select: { id: true, code: true },
          });
          if (form.officialIds.length) {
            await tx.projectOfficial.createMany({
              data: form.officialIds.map((officialId) => ({ projectId: p.id, officialId })),
            });
          }
          await audit(tx, {
            actorId: viewer.id,
            action: "CREATE",
            entity: "Project",
            entityId: p.id,
            projectId: p.id,
            after: { code: p.code, ...data, officialIds: form.officialIds, version: 1 },
          });
          if (form.signedOn) {
            const m = await tx.milestone.create({
              data: {
                projectId: p.id,
                stage: "SIGNED",
                actualOn: fromIsoDate(form.signedOn),
                evidenceNo: form.signEvidenceNo,
                loggedById: viewer.id,
                loggedAt: clockNow(),
              },
              select: { id: true },
            });
            await tx.milestoneEvent.create({
              data: {
                milestoneId: m.id,
                kind: "LOGGED",
                toActual: fromIsoDate(form.signedOn),
                evidenceNo: form.signEvidenceNo,
                actorId: viewer.id,
              },
            });
            await audit(tx, {
              actorId: viewer.id,
              action: "LOG_MILESTONE",
              entity: "Milestone",
              entityId: m.id,
              projectId: p.id,
              after: { stage: "SIGNED", actualOn: form.signedOn, evidenceNo: form.signEvidenceNo },
            });
          }
          return { id: p.id };
        }),
      );
    } catch (e) {
      // A new enterprise's credit code registered by someone else meanwhile: a field error, not a retry.
      const lost = await lostCreditCodeRace(e, form);
      if (lost) throw lost;
      // Two creations in the same plan year can pick the same next code; the unique index refuses one: retry.
      if (attempt < 3 && (e as { code?: string }).code === "P2002") continue;
      throw e;
    }
  }
}

/** The project as the edit form shows it, or null outside the viewer's scope. */
export async function getProjectForEdit(viewer: Viewer, id: number) {
  const p = await prisma.project.findFirst({
    where: { AND: [{ id }, projectScope(viewer)] },
    include: {
      enterprise: { select: { id: true, name: true, creditCode: true } },
      officials: { select: { officialId: true } },
    },
  });
  if (!p) return null;
  return {
    id: p.id,
    code: p.code,
    stage: p.stage,
    version: p.version,
    enterprise: p.enterprise,
    values: {
      name: p.name,
      countyId: String(p.countyId),
      industryId: String(p.industryId),
      origin: p.origin,
      sourceRegion: p.sourceRegion ?? "",
      attractionMethod: p.attractionMethod ?? "",
      totalInvestment: String(p.totalInvestment),
      contractAmount: String(p.contractAmount),
      annualPlanInvestment: String(p.annualPlanInvestment),
      planYear: String(p.planYear),
      isTransformation: p.isTransformation,
      constructionContent: p.constructionContent ?? "",
      landArea: p.landArea?.toString() ?? "",
      landSupplyMethod: p.landSupplyMethod ?? "",
      landTermYears: p.landTermYears ? String(p.landTermYears) : "",
      landPremiumInstalments: p.landPremiumInstalments,
      enterpriseMode: p.enterpriseId ? "existing" : "none",
      enterpriseId: p.enterpriseId ? String(p.enterpriseId) : "",
      enterpriseQuery: p.enterprise?.name ?? "",
      newEnterpriseName: "",
      newEnterpriseCreditCode: "",
      officialIds: p.officials.map((o) => String(o.officialId)),
      serviceTeamId: p.serviceTeamId ? String(p.serviceTeamId) : "",
      longitude: p.longitude === null ? "" : String(p.longitude),
      latitude: p.latitude === null ? "" : String(p.latitude),
      publicPromotion: p.publicPromotion,
      version: String(p.version),
    },
  };
}

function storedColumns(p: Prisma.ProjectGetPayload<object>): ReturnType<typeof columns> {
  return {
    name: p.name,
    countyId: p.countyId,
    industryId: p.industryId,
    enterpriseId: p.enterpriseId,
    origin: p.origin,
    sourceRegion: p.sourceRegion,
    attractionMethod: p.attractionMethod,
    totalInvestment: p.totalInvestment,
    contractAmount: p.contractAmount,
    annualPlanInvestment: p.annualPlanInvestment,
    planYear: p.planYear,
    isTransformation: p.isTransformation,
    constructionContent: p.constructionContent,
    landArea: p.landArea?.toString() ?? null,
    landSupplyMethod: p.landSupplyMethod as ReturnType<typeof columns>["landSupplyMethod"],
    landTermYears: p.landTermYears,
    landPremiumInstalments: p.landPremiumInstalments,
    serviceTeamId: p.serviceTeamId,
    longitude: p.longitude,
    latitude: p.latitude,
    publicPromotion: p.publicPromotion,
  };
}

function comparable(p: ReturnType<typeof columns> & { officialIds: number[] }) {
  return {
    ...p,
    landArea: p.landArea === null ? null : String(Number(p.landArea)),
    officialIds: [...p.officialIds].sort((a, b) => a - b),
  };
}

export async function updateProject(viewer: Viewer, id: number, form: ProjectEditForm) {
  try {
    return await saveProject(viewer, id, form);
  } catch (e) {
    throw (await lostCreditCodeRace(e, form)) ?? e;
  }
}

function saveProject(viewer: Viewer, id: number, posted: ProjectEditForm) {
  return prisma.$transaction(async (tx) => {
    const current = await tx.project.findFirst({
      where: { AND: [{ id }, projectScope(viewer)] },
      include: { officials: { select: { officialId: true } } },
    });
    if (!current) return null;
    const form = restrictToViewer(viewer, posted, current);
    if (!canEditProject(viewer, current)) throw refused({ _form: "您没有编辑该项目的权限" });
    if (!canEditProject(viewer, { ...current, countyId: form.countyId }))
      throw refused({ countyId: "您只能将项目归属本县区" }, null, 403);
    const refErrors = await checkReferences(tx, form);
    if (Object.keys(refErrors).length) throw refused(refErrors);
    const enterpriseId = await resolveEnterprise(tx, viewer, form, form.countyId);
    const next = columns(form, enterpriseId);
    const before = comparable({ ...storedColumns(current), officialIds: current.officials.map((o) => o.officialId) });
    const after = comparable({ ...next, officialIds: form.officialIds });
    const diff = diffFields(before as Record<string, unknown>, after);
    if (diff.changed.length === 0) {
      if (current.version !== form.version)
        throw Refusal.conflict({ current: current as unknown as Record<string, unknown> });
      return { id, changed: [] };
    }
    const changes = Object.fromEntries(
      diff.changed.filter((k) => k !== "officialIds").map((k) => [k, (next as Record<string, unknown>)[k] ?? null]),
    );
    await updateVersioned(tx.project, "Project", id, form.version, changes);
    // A new service team takes over the project's open tasks and issues in this same transaction.
    const handover = diff.changed.includes("serviceTeamId")
      ? await handOverOpenWork(tx, viewer, id, current.serviceTeamId, form.serviceTeamId)
      : null;
    if (diff.changed.includes("officialIds")) {
      await tx.projectOfficial.deleteMany({ where: { projectId: id } });
      if (form.officialIds.length)
        await tx.projectOfficial.createMany({
          data: form.officialIds.map((officialId) => ({ projectId: id, officialId })),
        });
    }
    {
      await audit(tx, {
        actorId: viewer.id,
        action: "UPDATE",
        entity: "Project",
        entityId: id,
        projectId: id,
        before: { ...diff.before, version: form.version },
        after: {
          ...diff.after,
          ...(handover ? { openTasksMoved: handover.tasksMoved, openIssuesMoved: handover.issuesMoved } : {}),
          version: form.version + 1,
        },
      });
    }
    return { id, changed: diff.changed };
  });
}

/**
 * For a refused save: the fields someone else changed since `loadedVersion` (from the audit log), with their
 * value now and the value this user submitted; every differing field when the log names none.
 */
export async function describeProjectConflict(
  id: number,
  loadedVersion: number,
  form: ProjectEditForm,
): Promise<ConflictField[]> {
  const [events, current] = await Promise.all([
    prisma.auditEvent.findMany({
      where: { entity: "Project", entityId: String(id), action: { in: ["UPDATE", "ASSIGN_TEAM"] } },
      select: { after: true },
      orderBy: { at: "asc" },
    }),
    prisma.project.findUnique({ where: { id }, include: { officials: { select: { officialId: true } } } }),
  ]);
  if (!current) return [];
  const changedByOthers = new Set<string>();
  for (const e of events) {
    const a = (e.after ?? {}) as Record<string, unknown>;
    if (typeof a.version === "number" && a.version > loadedVersion)
      for (const k of Object.keys(a)) if (k in PROJECT_FIELD_LABELS) changedByOthers.add(k);
  }
  const theirs: Record<string, unknown> = {
    ...storedColumns(current),
    officialIds: current.officials.map((o) => o.officialId).sort((a, b) => a - b),
  };
  const yours: Record<string, unknown> = {
    ...columns(form, form.enterpriseId),
    officialIds: [...form.officialIds].sort((a, b) => a - b),
  };
  const keys = changedByOthers.size
    ? [...changedByOthers]
    : Object.keys(PROJECT_FIELD_LABELS).filter(
        (k) => JSON.stringify(theirs[k] ?? null) !== JSON.stringify(yours[k] ?? null),
      );
  const names = await nameLookups(keys, theirs, yours);
  return keys
    .filter((k) => k in PROJECT_FIELD_LABELS)
    .map((k) => ({ field: k, label: PROJECT_FIELD_LABELS[k], theirs: names(k, theirs[k]), yours: names(k, yours[k]) }));
}

async function nameLookups(keys: string[], a: Record<string, unknown>, b: Record<string, unknown>) {
  const ids = (k: string) => [a[k], b[k]].flat().filter((x): x is number => typeof x === "number");
  const [counties, industries, teams, enterprises, officials] = await Promise.all([
    keys.includes("countyId")
      ? prisma.county.findMany({ where: { id: { in: ids("countyId") } }, select: { id: true, name: true } })
      : [],
    keys.includes("industryId")
      ? prisma.industry.findMany({ where: { id: { in: ids("industryId") } }, select: { id: true, name: true } })
      : [],
    keys.includes("serviceTeamId")
      ? prisma.serviceTeam.findMany({ where: { id: { in: ids("serviceTeamId") } }, select: { id: true, name: true } })
      : [],
    keys.includes("enterpriseId")
      ? prisma.enterprise.findMany({ where: { id: { in: ids("enterpriseId") } }, select: { id: true, name: true } })
      : [],
    keys.includes("officialIds")
      ? prisma.official.findMany({ where: { id: { in: ids("officialIds") } }, select: { id: true, name: true } })
      : [],
  ]);
  const maps: Record<string, Map<number, string>> = {
    countyId: new Map(counties.map((x) => [x.id, x.name])),
    industryId: new Map(industries.map((x) => [x.id, x.name])),
    serviceTeamId: new Map(teams.map((x) => [x.id, x.name])),
    enterpriseId: new Map(enterprises.map((x) => [x.id, x.name])),
    officialIds: new Map(officials.map((x) => [x.id, x.name])),
  };
  return (k: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "（空）";
    if (maps[k])
      return (
        [v]
          .flat()
          .map((id) => maps[k].get(id as number) ?? `#${id}`)
          .join("、") || "（空）"
      );
    if (k === "origin") return label(ORIGIN_LABELS, v as string);
    if (k === "sourceRegion") return label(SOURCE_REGION_LABELS, v as string);
    if (k === "attractionMethod") return label(ATTRACTION_METHOD_LABELS, v as string);
    if (typeof v === "boolean") return v ? "是" : "否";
    return String(v);
  };
}

/** Enterprises for the picker (name or credit code), for users who may create projects. */
export async function searchEnterprises(viewer: Viewer, q: string) {
  const term = q.trim();
  if (!term) return [];
  const where: Prisma.EnterpriseWhereInput = {
    OR: [{ name: { contains: term, mode: "insensitive" } }, { creditCode: { startsWith: normalizeCreditCode(term) } }],
  };
  // Counties pick investors from anywhere (most come from outside the county), so no county filter here.
  const rows = await prisma.enterprise.findMany({
    where,
    select: { id: true, name: true, creditCode: true, originRegion: true },
    orderBy: { name: "asc" },
    take: 10,
  });
  return seesAllProjects(viewer) || viewer.role === "COUNTY" ? rows : [];
}
