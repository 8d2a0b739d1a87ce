// Reading site photos (issue 20 §2, docs/decisions/215–216): a milestone's photos with their EXIF capture time and
// place and the reviewer's marks. Only viewers who see the project get a photo at all (the project's scope is in
// the `where`), so a photo's GPS never reaches anyone outside it; the files are served by
// /resources/photos/:id/:variant under the same scope.
import { chinaToday, toIsoDate } from "~/domain/dates";
import type { Viewer } from "~/domain/permissions";
import { formatPlace, photoMarks, type GeoPoint } from "~/domain/sitePhotos";
import type { MilestoneStage } from "~/domain/stage";
import { prisma } from "~/utils/db.server";
import { attachmentScope, projectScope } from "./scope.server";

export interface PhotoView {
  id: number;
  fileName: string;
  /** ISO instant of the EXIF capture time, or null */
  takenAt: string | null;
  /** "北纬 …，东经 …", or null when the photo carries no GPS */
  place: string | null;
  marks: string[];
}

/** The project's point for the distance check (issue 20 §3), or null while it has none (then only the 7-day mark). */
async function projectPoint(viewer: Viewer, projectId: number): Promise<GeoPoint | null> {
  const p = await prisma.project.findFirst({
    where: { AND: [{ id: projectId }, projectScope(viewer)] },
    select: { latitude: true, longitude: true },
  });
  return p?.latitude != null && p.longitude != null ? { latitude: p.latitude, longitude: p.longitude } : null;
}

/** The site photos of a project's logged milestones, by stage, oldest first, with their marks. */
export async function milestonePhotos(viewer: Viewer, projectId: number): Promise<Map<MilestoneStage, PhotoView[]>> {
  const [rows, point] = await Promise.all([
    prisma.attachment.findMany({
      where: {
        AND: [
          { projectId, milestoneId: { not: null }, thumbKey: { not: null } },
          { project: { is: projectScope(viewer) } },
          attachmentScope(viewer),
        ],
      },
      orderBy: { id: "asc" },
      select: {
        id: true,
        fileName: true,
        takenAt: true,
        latitude: true,
        longitude: true,
        photoOf: { select: { stage: true, actualOn: true } },
      },
    }),
    projectPoint(viewer, projectId),
  ]);
  const out = new Map<MilestoneStage, PhotoView[]>();
  for (const r of rows) {
    if (!r.photoOf) continue;
    const location =
      r.latitude !== null && r.longitude !== null ? { latitude: r.latitude, longitude: r.longitude } : null;
    const loggedOn = r.photoOf.actualOn ? toIsoDate(r.photoOf.actualOn) : null;
    const view: PhotoView = {
      id: r.id,
      fileName: r.fileName,
      takenAt: r.takenAt?.toISOString() ?? null,
      place: location ? formatPlace(location) : null,
      marks: photoMarks({ takenOn: r.takenAt ? chinaToday(r.takenAt) : null, location }, point, loggedOn),
    };
    const list = out.get(r.photoOf.stage) ?? [];
    list.push(view);
    out.set(r.photoOf.stage, list);
  }
  return out;
}

/** A photo's stored files if the viewer sees its project (null → 404, the same as a missing photo). */
export function findVisiblePhoto(viewer: Viewer, id: number) {
  return prisma.attachment.findFirst({
    where: {
      AND: [{ id, thumbKey: { not: null } }, { project: { is: projectScope(viewer) } }, attachmentScope(viewer)],
    },
    select: { id: true, fileName: true, previewKey: true, thumbKey: true },
  });
}
