// Site photos on an enterprise visit without a project (docs/decisions/272): the shared pipeline (HEIC converted,
// thumbnails, EXIF), the 7-day mark against the visit's 服务日期 and no distance mark (no project point), all or
// nothing with the visit, audited with the visit, and readable only within the enterprise's scope on the
// government side — the enterprise itself, another team or county get 404.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const uploadDir = vi.hoisted(() => {
  const dir = `/tmp/jz-int-uploads-${process.pid}-visit-photos`;
  process.env.UPLOAD_DIR = dir;
  return dir;
});

import { action, loader } from "~/routes/_app.enterprises.$enterpriseId_.visits/route";
import { loader as photoLoader } from "~/routes/resources.photos.$attachmentId.$variant";
import { loader as downloadLoader } from "~/routes/resources.attachments.$attachmentId";
import { loader as reviewLoader } from "~/routes/_app.photos.review/route";
import { countyNamed, createEnterprise, createUser, teamNo } from "../support/factories";
import { asPosted, requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";
import { sitePhotoFixtures, storedFiles, type Photo } from "../support/uploads";

const sql = testSql();
const { one, count, rows } = queries(sql);
let heic: Photo;
let far: Photo;
let bad: Photo;
let team01Team: number;
let yuci: number;

beforeAll(async () => {
  ({ heic, far, bad } = await sitePhotoFixtures());
  team01Team = (await one<{ team_id: number }>("SELECT team_id FROM app_user WHERE username = 'team01'")).team_id;
  yuci = await countyNamed(sql, "榆次区");
});
afterAll(async () => {
  await rm(uploadDir, { recursive: true, force: true });
});

function form(fields: Record<string, string>, photos: Photo[]) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(asPosted(fields))) fd.append(k, v);
  for (const p of photos) fd.append("photos", new File([p.bytes], p.name, { type: "image/jpeg" }));
  return fd;
}
type Handler = (args: any) => Promise<unknown>;
const get = (h: Handler, user: string, url: string, params: Record<string, string> = {}) =>
  run(async () => h({ request: await requestAs(user, url), params, context: {} }));
const post = (user: string, enterpriseId: number, body: FormData) =>
  run(async () =>
    action({
      request: await requestAs(user, `/enterprises/${enterpriseId}/visits`, { method: "POST", body }),
      params: { enterpriseId: String(enterpriseId) },
      context: {},
    }),
  );

/** thumb, preview and original of one photo as `user` sees them: statuses */
async function reach(user: string, id: number) {
  const variant = async (v: string) =>
    (await get(photoLoader as Handler, user, `/resources/photos/${id}/${v}`, { attachmentId: String(id), variant: v }))
      .status;
  const original = (
    await get(downloadLoader as Handler, user, `/resources/attachments/${id}`, { attachmentId: String(id) })
  ).status;
  return [await variant("thumb"), await variant("preview"), original];
}

// the far photo was taken on 2017-10-20 about 400 km away, the HEIC on 2017-11-15 near 榆次
const visit = { kind: "VISIT", occurredOn: "2017-11-16", people: "服务小组、企业总经理", content: "走访企业扩产现场" };
type View = { id: number; fileName: string; takenAt: string | null; place: string | null; marks: string[] };

describe("site photos on an enterprise visit", () => {
  it("team01's visit takes a HEIC and a far photo: converted, EXIF read, 7-day mark only; scoped like the visit", async () => {
    const ent = await createEnterprise(sql, { countyId: yuci, serviceTeamId: team01Team });
    const res = await post("team01", ent.id, form(visit, [heic, far]));
    expect(res.status).toBe(302);
    const stored = await rows<{ id: number; file_name: string; mime_type: string; log: number; project_id: number }>(
      `SELECT a.id, a.file_name, a.mime_type, a.service_log_id AS log, a.project_id
         FROM attachment a JOIN service_log l ON l.id = a.service_log_id
        WHERE l.enterprise_id = $1 AND l.project_id IS NULL AND a.thumb_key IS NOT NULL AND a.preview_key IS NOT NULL
        ORDER BY a.id`,
      [ent.id],
    );
    expect(stored.map((r) => [r.file_name, r.mime_type, r.project_id])).toEqual([
      ["IMG_0001.heic", "image/heic", null],
      ["远处.jpg", "image/jpeg", null],
    ]);
    const audit = await one<{ after: Record<string, unknown> }>(
      "SELECT after FROM audit_event WHERE entity = 'ServiceLog' AND entity_id = $1 AND action = 'CREATE'",
      [String(stored[0].log)],
    );
    expect(audit.after).toMatchObject({ enterpriseName: ent.name, photos: "IMG_0001.heic、远处.jpg" });

    const page = await get(loader, "team01", `/enterprises/${ent.id}/visits`, { enterpriseId: String(ent.id) });
    const log = (page.data as { enterprise: { serviceLogs: Array<{ id: number; photos: View[] }> } }).enterprise
      .serviceLogs[0];
    expect(log.photos.map((p) => p.fileName)).toEqual(["IMG_0001.heic", "远处.jpg"]);
    expect(log.photos[0]).toMatchObject({ place: "北纬 37.6968°，东经 112.7080°", marks: [] });
    // far away, but a visit has no project point: only the time mark, against the 服务日期
    expect(log.photos[1].marks).toEqual(["拍摄时间早于登记日期 27 天"]);

    // the reviewer's list links the marked photo to the visits page
    const review = await get(reviewLoader, "team01", "/photos/review");
    const listed = (review.data as { photos: Array<{ id: number; kind: string; href: string; subject: string }> })
      .photos;
    expect(listed.find((p) => p.id === stored[1].id)).toMatchObject({
      kind: "visit",
      href: `/enterprises/${ent.id}/visits`,
      subject: ent.name,
    });

    // scope per role: the enterprise's team, its county and the city; not another team or county, not the
    // enterprise itself (the visit is the government side's record, as its profile is)
    const ownCounty = await createUser(sql, "COUNTY", { countyId: yuci });
    const otherTeam = await createUser(sql, "TEAM", { teamId: await teamNo(sql, 30) });
    const otherCounty = await createUser(sql, "COUNTY", { countyId: await countyNamed(sql, "介休市") });
    const itself = await createUser(sql, "ENTERPRISE", { enterpriseId: ent.id });
    for (const user of ["team01", "bureau", "leader", ownCounty.username]) {
      expect(await reach(user, stored[1].id), user).toEqual([200, 200, 200]);
    }
    for (const user of [otherTeam.username, otherCounty.username, itself.username]) {
      expect(await reach(user, stored[1].id), user).toEqual([404, 404, 404]);
    }
  });

  it("a bad second photo refuses the whole visit and stores nothing; another team's post is 404", async () => {
    const ent = await createEnterprise(sql, { countyId: yuci, serviceTeamId: team01Team });
    const before = await storedFiles(uploadDir);
    const res = await post("team01", ent.id, form(visit, [heic, bad]));
    expect(res.status).toBe(400);
    expect((res.data as { fieldErrors: Record<string, string> }).fieldErrors.photos).toBe(
      "照片 第二张.jpg 不是 JPG、PNG 或 HEIC 格式",
    );
    const otherTeam = await createUser(sql, "TEAM", { teamId: await teamNo(sql, 30) });
    expect((await post(otherTeam.username, ent.id, form(visit, [far]))).status).toBe(404);
    expect(await count("SELECT count(*) AS n FROM service_log WHERE enterprise_id = $1", [ent.id])).toBe(0);
    expect(await storedFiles(uploadDir)).toBe(before);
  });
});
