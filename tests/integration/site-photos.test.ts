// Site photos on a milestone (issue 20 §2, docs/decisions/215–216) against the real database and file store: a HEIC
// photo from a phone is converted to JPEG with a thumbnail, its EXIF capture time and GPS are read and shown with the
// reviewer's marks, at most 9 photos go with one log, a bad photo anywhere in a submit stores nothing, and the
// photo files are served only to viewers who see the project.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import exifr from "exifr";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const uploadDir = vi.hoisted(() => {
  const dir = `/tmp/jz-int-uploads-${process.pid}-photos`;
  process.env.UPLOAD_DIR = dir;
  return dir;
});

import { action as msAction, loader as msLoader } from "~/routes/_app.projects.$projectId_.milestones/route";
import { loader as photoLoader } from "~/routes/resources.photos.$attachmentId.$variant";
import { loader as downloadLoader } from "~/routes/resources.attachments.$attachmentId";
import { preparePhoto } from "~/utils/photos.server";
import { BODY_LIMITS, bodyLimitFor } from "../../scripts/lib/request-guards.mjs";
import { countyNamed, createEnterprise, createProject, createUser, teamNo } from "../support/factories";
import { requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";
import { storedFiles } from "../support/uploads";

const sql = testSql();
const { one, count, rows } = queries(sql);
const FIXTURES = path.resolve(__dirname, "../fixtures/photos");
let heic: Uint8Array<ArrayBuffer>;
let jpeg: Uint8Array<ArrayBuffer>;
let team01Team: number;
let yuci: number;

beforeAll(async () => {
  heic = new Uint8Array(await readFile(path.join(FIXTURES, "site-near.heic")));
  jpeg = new Uint8Array(await readFile(path.join(FIXTURES, "site-far.jpg")));
  team01Team = (await one<{ team_id: number }>("SELECT team_id FROM app_user WHERE username = 'team01'")).team_id;
  yuci = await countyNamed(sql, "榆次区");
});
afterAll(async () => {
  await rm(uploadDir, { recursive: true, force: true });
});

/** A project of team01's team in 榆次区 at 112.7100°E 37.7000°N (set up directly), signed on 2017-11-01. */
async function signedProject() {
  const p = await createProject(sql, {
    countyId: yuci,
    serviceTeamId: team01Team,
    milestones: { SIGNED: { planned: "2017-11-01", actual: "2017-11-01" } },
  });
  await sql.query("UPDATE project SET longitude = 112.71, latitude = 37.7 WHERE id = $1", [p.id]);
  return p.id;
}

type Photo = { name: string; type: string; bytes: Uint8Array<ArrayBuffer> };

/** 登记「落地（供地）」 on 2017-11-16 with these photos, as the browser posts the form. */
async function logLand(projectId: number, photos: Photo[], user = "team01", extra: Record<string, string> = {}) {
  const fd = new FormData();
  const fields = {
    intent: "log",
    stage: "LAND",
    actualOn: "2017-11-16",
    evidenceNo: "晋中供地〔2017〕8号",
    version: "0",
  };
  for (const [k, v] of Object.entries({ ...fields, ...extra })) fd.append(k, v);
  for (const p of photos) fd.append("photos", new File([p.bytes], p.name, { type: p.type }));
  return run(async () =>
    msAction({
      request: await requestAs(user, `/projects/${projectId}/milestones`, { method: "POST", body: fd }),
      params: { projectId: String(projectId) },
      context: {},
    }),
  );
}

const near: Photo = { name: "IMG_0001.HEIC", type: "image/heic", bytes: undefined as never };
const far: Photo = { name: "远处.jpg", type: "image/jpeg", bytes: undefined as never };
const withBytes = () => [
  { ...near, bytes: heic },
  { ...far, bytes: jpeg },
];

describe("site photos on a milestone", () => {
  it("converts HEIC to JPEG, makes thumbnails, reads capture time and GPS, keeps the originals", async () => {
    const projectId = await signedProject();
    const res = await logLand(projectId, withBytes());
    expect(res.status).toBe(302);
    const stored = await rows<{
      file_name: string;
      mime_type: string;
      storage_key: string;
      preview_key: string;
      thumb_key: string;
      taken_at: Date;
      latitude: number;
      longitude: number;
      stage: string;
    }>(
      `SELECT a.file_name, a.mime_type, a.storage_key, a.preview_key, a.thumb_key, a.taken_at, a.latitude, a.longitude,
              m.stage
         FROM attachment a JOIN milestone m ON m.id = a.milestone_id WHERE a.project_id = $1 ORDER BY a.id`,
      [projectId],
    );
    expect(stored.map((r) => [r.file_name, r.mime_type, r.stage])).toEqual([
      ["IMG_0001.heic", "image/heic", "LAND"],
      ["远处.jpg", "image/jpeg", "LAND"],
    ]);
    // EXIF: 2017-11-15 10:30 Beijing time (+08:00 written by the camera) and the GPS the fixture carries
    expect(stored[0].taken_at.toISOString()).toBe("2017-11-15T02:30:00.000Z");
    expect([stored[0].latitude, stored[0].longitude]).toEqual([37.6968, 112.708]);
    expect(stored[1].taken_at.toISOString()).toBe("2017-10-20T01:00:00.000Z");
    expect([stored[1].latitude, stored[1].longitude]).toEqual([39.9042, 116.4074]);

    // the original is kept byte for byte; the preview and thumbnail are JPEGs without EXIF
    expect(new Uint8Array(await readFile(path.join(uploadDir, stored[0].storage_key)))).toEqual(heic);
    for (const key of [stored[0].preview_key, stored[0].thumb_key]) {
      const bytes = await readFile(path.join(uploadDir, key));
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe("jpeg");
      expect([meta.width, meta.height]).toEqual([64, 64]);
      expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
    }

    // the page shows each photo with its time, place and marks: the HEIC was taken ≈ 0.4 km from the project's
    // point, the JPEG in Beijing (≈ 400 km) 27 days before the log
    const page = await run(async () =>
      msLoader({
        request: await requestAs("team01", `/projects/${projectId}/milestones`),
        params: { projectId: String(projectId) },
        context: {},
      }),
    );
    const land = (page.data as { milestones: Array<{ stage: string; photos: unknown[] }> }).milestones.find(
      (m) => m.stage === "LAND",
    );
    expect(land?.photos).toEqual([
      expect.objectContaining({
        fileName: "IMG_0001.heic",
        takenAt: "2017-11-15T02:30:00.000Z",
        place: "北纬 37.6968°，东经 112.7080°",
        marks: [],
      }),
      expect.objectContaining({
        fileName: "远处.jpg",
        takenAt: "2017-10-20T01:00:00.000Z",
        place: "北纬 39.9042°，东经 116.4074°",
        marks: [expect.stringMatching(/^拍摄地点距项目 4\d\d 公里$/), "拍摄时间早于登记日期 27 天"],
      }),
    ]);
    // the distance is the project's: moved next to Beijing, the JPEG is near and the HEIC far
    await sql.query("UPDATE project SET longitude = 116.41, latitude = 39.9 WHERE id = $1", [projectId]);
    const moved = await run(async () =>
      msLoader({
        request: await requestAs("team01", `/projects/${projectId}/milestones`),
        params: { projectId: String(projectId) },
        context: {},
      }),
    );
    const marks = (
      moved.data as { milestones: Array<{ stage: string; photos: Array<{ marks: string[] }> }> }
    ).milestones
      .find((m) => m.stage === "LAND")
      ?.photos.map((p) => p.marks);
    expect(marks).toEqual([[expect.stringMatching(/^拍摄地点距项目 4\d\d 公里$/)], ["拍摄时间早于登记日期 27 天"]]);
    // a project without a point: no distance mark at all
    await sql.query("UPDATE project SET longitude = NULL, latitude = NULL WHERE id = $1", [projectId]);
    const unplaced = await run(async () =>
      msLoader({
        request: await requestAs("team01", `/projects/${projectId}/milestones`),
        params: { projectId: String(projectId) },
        context: {},
      }),
    );
    expect(
      (unplaced.data as { milestones: Array<{ stage: string; photos: Array<{ marks: string[] }> }> }).milestones
        .find((m) => m.stage === "LAND")
        ?.photos.map((p) => p.marks),
    ).toEqual([[], ["拍摄时间早于登记日期 27 天"]]);
    // audited with the photos' names
    const audit = await one<{ after: { photos?: string } }>(
      `SELECT after FROM audit_event WHERE action = 'LOG_MILESTONE' AND project_id = $1`,
      [projectId],
    );
    expect(audit.after.photos).toBe("IMG_0001.heic、远处.jpg");
  });

  it("shrinks a large photo's thumbnail and turns it upright by its EXIF orientation", async () => {
    const big = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#3366aa" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const p = await preparePhoto(new File([new Uint8Array(big)], "big.jpg", { type: "image/jpeg" }));
    const thumb = await sharp(p.thumb).metadata();
    expect([thumb.width, thumb.height]).toEqual([213, 320]); // 800×1200 upright, long side 320 (213.3 rounded down)
    expect(p.takenAt).toBeNull();
    expect(p.latitude).toBeNull();
  });

  it("lets the photo forms' bodies carry 9 photos and the evidence file, other upload forms keep 11 MB", () => {
    const multipart = { "content-type": "multipart/form-data; boundary=x" };
    for (const page of ["/projects/5/milestones", "/projects/5/service-logs", "/projects/5/tasks", "/issues/new"]) {
      expect(bodyLimitFor({ path: page, headers: multipart }), page).toBe(BODY_LIMITS.photos);
    }
    expect(BODY_LIMITS.photos).toBe(101 * 1024 * 1024);
    expect(bodyLimitFor({ path: "/leads/5/touch", headers: multipart })).toBe(11 * 1024 * 1024);
  });

  it("takes 9 photos and refuses a 10th next to the photo field, storing nothing", async () => {
    const nine = await signedProject();
    const photos = Array.from({ length: 9 }, (_, i) => ({ name: `p${i}.jpg`, type: "image/jpeg", bytes: jpeg }));
    expect((await logLand(nine, photos)).status).toBe(302);
    expect(
      await count("SELECT count(*) AS n FROM attachment WHERE project_id = $1 AND milestone_id IS NOT NULL", [nine]),
    ).toBe(9);

    const ten = await signedProject();
    const before = await storedFiles(uploadDir);
    const res = await logLand(ten, [...photos, { name: "p9.jpg", type: "image/jpeg", bytes: jpeg }]);
    expect(res.status).toBe(400);
    expect((res.data as { fieldErrors: Record<string, string> }).fieldErrors.photos).toBe("现场照片最多 9 张");
    expect(await count("SELECT count(*) AS n FROM attachment WHERE project_id = $1", [ten])).toBe(0);
    expect(
      await count("SELECT count(*) AS n FROM milestone WHERE project_id = $1 AND actual_on IS NOT NULL", [ten]),
    ).toBe(1);
    expect(await storedFiles(uploadDir)).toBe(before);
  });

  it("refuses the whole submit when the 5th photo is bad, and discards the files when the write fails", async () => {
    const projectId = await signedProject();
    const before = await storedFiles(uploadDir);
    const good = Array.from({ length: 4 }, (_, i) => ({ name: `ok${i}.heic`, type: "image/heic", bytes: heic }));
    for (const [bad, message] of [
      [
        { name: "第五张.jpg", type: "image/jpeg", bytes: new TextEncoder().encode("not a photo") },
        "照片 第五张.jpg 不是 JPG、PNG 或 HEIC 格式",
      ],
      [
        { name: "坏图.jpg", type: "image/jpeg", bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]) },
        "照片 坏图.jpg 无法读取，请换一张重新提交",
      ],
      [
        { name: "扫描件.pdf", type: "application/pdf", bytes: new TextEncoder().encode("%PDF-1.4") },
        "照片 扫描件.pdf 不是 JPG、PNG 或 HEIC 格式",
      ],
    ] as const) {
      const res = await logLand(projectId, [...good, bad as Photo]);
      expect(res.status).toBe(400);
      expect((res.data as { fieldErrors: Record<string, string> }).fieldErrors.photos).toBe(message);
    }
    // a refusal after the files were written (a stale version: someone logged the stage meanwhile) removes them
    const stale = await logLand(projectId, good, "team01", { version: "5" });
    expect(stale.status).toBe(409);
    expect(await count("SELECT count(*) AS n FROM attachment WHERE project_id = $1", [projectId])).toBe(0);
    expect(
      await count("SELECT count(*) AS n FROM milestone WHERE project_id = $1 AND actual_on IS NOT NULL", [projectId]),
    ).toBe(1);
    expect(await storedFiles(uploadDir)).toBe(before);
  });

  it("serves a photo's thumbnail, preview and original only to viewers who see the project", async () => {
    const projectId = await signedProject();
    expect((await logLand(projectId, withBytes())).status).toBe(302);
    const photo = await one<{ id: number }>(
      "SELECT id FROM attachment WHERE project_id = $1 AND mime_type = 'image/heic'",
      [projectId],
    );
    const ent = await createEnterprise(sql);
    const otherTeam = await createUser(sql, "TEAM", { teamId: await teamNo(sql, 30) });
    const otherCounty = await createUser(sql, "COUNTY", { countyId: await countyNamed(sql, "介休市") });
    const ownCounty = await createUser(sql, "COUNTY", { countyId: yuci });
    const enterprise = await createUser(sql, "ENTERPRISE", { enterpriseId: ent.id });
    const get = (user: string, variant: string) =>
      run(async () =>
        photoLoader({
          request: await requestAs(user, `/resources/photos/${photo.id}/${variant}`),
          params: { attachmentId: String(photo.id), variant },
          context: {},
        }),
      );
    for (const user of ["team01", "bureau", "leader", ownCounty.username]) {
      const thumb = await get(user, "thumb");
      expect(thumb.status, user).toBe(200);
      expect(thumb.response?.headers.get("Content-Type")).toBe("image/jpeg");
      const bytes = new Uint8Array(await thumb.response!.arrayBuffer());
      expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
      expect((await get(user, "preview")).status, user).toBe(200);
    }
    for (const user of [otherTeam.username, otherCounty.username]) {
      expect((await get(user, "thumb")).status, user).toBe(404);
      expect((await get(user, "preview")).status, user).toBe(404);
    }
    // an enterprise may open issue photos (decision 230), not a project's: 404 like any photo outside its scope
    expect((await get(enterprise.username, "thumb")).status).toBe(404);
    expect((await get("team01", "original")).status).toBe(404);

    // the original (with its EXIF GPS) is the attachment download, under the same scope
    const original = (user: string) =>
      run(async () =>
        downloadLoader({
          request: await requestAs(user, `/resources/attachments/${photo.id}`),
          params: { attachmentId: String(photo.id) },
          context: {},
        }),
      );
    const mine = await original("team01");
    expect(mine.status).toBe(200);
    expect(mine.response?.headers.get("Content-Type")).toBe("image/heic");
    expect(new Uint8Array(await mine.response!.arrayBuffer())).toEqual(heic);
    for (const user of [otherTeam.username, otherCounty.username, enterprise.username]) {
      expect((await original(user)).status, user).toBe(404);
    }
    // and the milestone page with the photos' places is out of reach for them too
    const page = await run(async () =>
      msLoader({
        request: await requestAs(otherTeam.username, `/projects/${projectId}/milestones`),
        params: { projectId: String(projectId) },
        context: {},
      }),
    );
    expect(page.status).toBe(404);
  });
});
