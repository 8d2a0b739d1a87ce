// Reading site photos (issue 20 §2, docs/decisions/215–216, 230): the photos of milestones, service logs, agency
// tasks and issues with their EXIF capture time and place and the reviewer's marks. One scope (photoScope) is in the
// `where` of every read — the lists, the thumbnail/preview loader and the reviewer's list — so a photo's GPS never
// reaches anyone outside it: a project's photos only those who see the project's workspace, an issue's photos
// (issue_id, no project_id) only those who see the issue, an enterprise visit's photos (service_log_id alone,
// docs/decisions/272) the government side within the enterprise's scope. The original download
// (/resources/attachments/:id) goes through attachmentScope, which grants the same.
import { chinaToday, toIsoDate, type IsoDate } from "~/domain/dates";
import { seesProjectWorkspace, type Viewer } from "~/domain/permissions";
import { formatPlace, photoMarks, type GeoPoint } from "~/domain/sitePhotos";
import type { MilestoneStage } from "~/domain/stage";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { attachmentScope, issueScope, projectScope, visitPhotoScope } from "./scope.server";
import { displayNames } from "./people.server";

export type PhotoOwnerKind = "milestone" | "serviceLog" | "agencyTask" | "issue" | "visit";

export interface PhotoView {
  id: number;
  fileName: string;
  /** ISO instant of the EXIF capture time, or null */
  takenAt: string | null;
  /** "北纬 …，东经 …", or null when the photo carries no GPS */
  place: string | null;
  marks: string[];
}

/** Who may see a photo (its thumbnail, preview, place and marks): see the module comment. */
export function photoScope(v: Viewer): Prisma.AttachmentWhereInput {
  return {
    AND: [
      { thumbKey: { not: null } },
      {
        OR: [
          ...(seesProjectWorkspace(v) ? [{ issueId: null, project: { is: projectScope(v) } }] : []),
          { projectId: null, issueId: { not: null }, issue: { is: issueScope(v) } },
          ...(seesProjectWorkspace(v) ? [visitPhotoScope(v)] : []),
        ],
      },
      attachmentScope(v),
    ],
  };
}

const point = { select: { latitude: true, longitude: true } } as const;

/** What a photo's marks and owner need; read only inside photoScope. */
export const PHOTO_SELECT = {
  id: true,
  fileName: true,
  takenAt: true,
  latitude: true,
  longitude: true,
  createdAt: true,
  milestoneId: true,
  serviceLogId: true,
  agencyTaskId: true,
  issueId: true,
  project: point,
  photoOf: { select: { stage: true, actualOn: true } },
  serviceLog: { select: { occurredOn: true, projectId: true } },
  agencyTask: { select: { completedOn: true } },
  issue: { select: { submittedAt: true, project: point } },
} satisfies Prisma.AttachmentSelect;
export type PhotoRow = Prisma.AttachmentGetPayload<{ select: typeof PHOTO_SELECT }>;

const geo = (p: { latitude: number | null; longitude: number | null } | null | undefined): GeoPoint | null =>
  p && p.latitude != null && p.longitude != null ? { latitude: p.latitude, longitude: p.longitude } : null;

/** The kind of record a photo came with. */
export function ownerKindOf(r: PhotoRow): PhotoOwnerKind | null {
  if (r.milestoneId) return "milestone";
  if (r.serviceLogId) return r.serviceLog?.projectId === null ? "visit" : "serviceLog";
  if (r.agencyTaskId) return "agencyTask";
  if (r.issueId) return "issue";
  return null;
}

/**
 * The date a photo is compared with (docs/decisions/230): a milestone's actual date, a service log's (or an
 * enterprise visit's) 服务日期, an agency task's 办结日期 (while open, the day the photo was added), an issue's
 * submission day. A visit has no project, so its photos get no distance mark (docs/decisions/272).
 */
export function loggedOnOf(r: PhotoRow): IsoDate | null {
  if (r.photoOf) return r.photoOf.actualOn ? toIsoDate(r.photoOf.actualOn) : null;
  if (r.serviceLog) return toIsoDate(r.serviceLog.occurredOn);
  if (r.agencyTaskId) return r.agencyTask?.completedOn ? toIsoDate(r.agencyTask.completedOn) : chinaToday(r.createdAt);
  if (r.issue) return chinaToday(r.issue.submittedAt);
  return null;
}

/** The photo as the page shows it, with its marks against the related project's point and the record's date. */
export function photoView(r: PhotoRow): PhotoView {
  const location = geo(r);
  return {
    id: r.id,
    fileName: r.fileName,
    takenAt: r.takenAt?.toISOString() ?? null,
    place: location ? formatPlace(location) : null,
    marks: photoMarks(
      { takenOn: r.takenAt ? chinaToday(r.takenAt) : null, location },
      geo(r.project) ?? geo(r.issue?.project),
      loggedOnOf(r),
    ),
  };
}

const OWNER_COLUMN = {
  milestone: "milestoneId",
  serviceLog: "serviceLogId",
  agencyTask: "agencyTaskId",
  issue: "issueId",
  visit: "serviceLogId",
} as const;

/**
 * The photos of one kind of record, by record id, oldest first — of one project's records, one issue's, or one
 * enterprise's visits. Only photos in the viewer's scope (an empty map outside it).
 */
export async function photosOf(
  viewer: Viewer,
  kind: PhotoOwnerKind,
  of: { projectId: number } | { issueId: number } | { visitsOf: number },
): Promise<Map<number, PhotoView[]>> {
  const column = OWNER_COLUMN[kind];
  const record: Prisma.AttachmentWhereInput =
    "visitsOf" in of ? { projectId: null, serviceLog: { is: { enterpriseId: of.visitsOf, projectId: null } } } : of;
  const rows = await prisma.attachment.findMany({
    where: { AND: [record, { [column]: { not: null } }, photoScope(viewer)] },
    orderBy: { id: "asc" },
    select: PHOTO_SELECT,
  });
  const out = new Map<number, PhotoView[]>();
  for (const r of rows) {
    const owner = r[column];
    if (owner == null) continue;
    const list = out.get(owner) ?? [];
    list.push(photoView(r));
    out.set(owner, list);
  }
  return out;
}

/** The site photos of a project's logged milestones, by stage, oldest first, with their marks. */
export async function milestonePhotos(viewer: Viewer, projectId: number): Promise<Map<MilestoneStage, PhotoView[]>> {
  const [byMilestone, stages] = await Promise.all([
    photosOf(viewer, "milestone", { projectId }),
    prisma.milestone.findMany({ where: { projectId }, select: { id: true, stage: true } }),
  ]);
  return new Map(stages.flatMap((m) => (byMilestone.has(m.id) ? [[m.stage, byMilestone.get(m.id)!] as const] : [])));
}

/** A photo's stored files if the viewer sees it (null → 404, the same as a missing photo). */
export function findVisiblePhoto(viewer: Viewer, id: number) {
  return prisma.attachment.findFirst({
    where: { AND: [{ id }, photoScope(viewer)] },
    select: { id: true, fileName: true, previewKey: true, thumbKey: true },
  });
}

export const REVIEW_PAGE_SIZE = 20;

export interface ReviewPhoto extends PhotoView {
  kind: PhotoOwnerKind;
  /** the record's page: the project's milestones, service logs or tasks, or the issue */
  href: string;
  /** 项目 name, or the issue's code and title */
  subject: string;
  uploadedBy: string | null;
  uploadedAt: string;
  loggedOn: IsoDate | null;
}

const OWNER_PAGE = { milestone: "milestones", serviceLog: "service-logs", agencyTask: "tasks" } as const;

/**
 * The reviewer's list (docs/decisions/233): every photo in the viewer's scope (photoScope) that carries a mark,
 * newest upload first, one page of REVIEW_PAGE_SIZE. The marks are computed as on the record's page (decision 216:
 * not stored, the project's point and the record's date may change), so the scope's photos are read in id order
 * with only what the marks need and the page's rows are then read in full.
 */
export async function markedPhotos(viewer: Viewer, page: number) {
  const all = await prisma.attachment.findMany({
    where: { AND: [photoScope(viewer), { OR: [{ takenAt: { not: null } }, { latitude: { not: null } }] }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: PHOTO_SELECT,
  });
  const marked = all.map(photoView).filter((p) => p.marks.length);
  const slice = marked.slice((page - 1) * REVIEW_PAGE_SIZE, page * REVIEW_PAGE_SIZE);
  const byId = new Map(all.map((r) => [r.id, r]));
  const facts = await prisma.attachment.findMany({
    where: { id: { in: slice.map((p) => p.id) } },
    select: {
      id: true,
      uploadedById: true,
      project: { select: { id: true, name: true } },
      issue: { select: { id: true, code: true, title: true } },
      serviceLog: { select: { enterprise: { select: { id: true, name: true } } } },
    },
  });
  const factsOf = new Map(facts.map((f) => [f.id, f]));
  const names = await displayNames(facts.map((f) => f.uploadedById));
  const photos: ReviewPhoto[] = slice.map((p) => {
    const row = byId.get(p.id)!;
    const f = factsOf.get(p.id);
    const kind = ownerKindOf(row) ?? "milestone";
    const projectHref = f?.project ? `/projects/${f.project.id}` : "";
    const visited = kind === "visit" ? f?.serviceLog?.enterprise : null;
    return {
      ...p,
      kind,
      href:
        kind === "issue" && f?.issue
          ? `/issues/${f.issue.id}`
          : visited
            ? `/enterprises/${visited.id}/visits`
            : `${projectHref}/${OWNER_PAGE[kind as keyof typeof OWNER_PAGE] ?? ""}`,
      subject: f?.project?.name ?? (f?.issue ? `${f.issue.code} ${f.issue.title}` : (visited?.name ?? "—")),
      uploadedBy: f?.uploadedById ? (names.get(f.uploadedById) ?? null) : null,
      uploadedAt: row.createdAt.toISOString(),
      loggedOn: loggedOnOf(row),
    };
  });
  return { photos, total: marked.length };
}
