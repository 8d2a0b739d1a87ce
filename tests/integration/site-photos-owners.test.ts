// Site photos beyond milestones (issue 20 §2, docs/decisions/230, 233): service logs, agency tasks, milestone
// corrections and issues take photos through the same pipeline — HEIC converted, thumbnails, EXIF time and place,
// marks against the related project's point and the record's date — all or nothing with the rest of the submit,
// readable only within the project's (or, for an issue, the issue's) scope; the reviewer's list shows the marked
// ones within the viewer's scope.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const uploadDir = vi.hoisted(() => {
  const dir = `/tmp/jz-int-uploads-${process.pid}-photo-owners`;
  process.env.UPLOAD_DIR = dir;
  return dir;
});

import { action as logAction, loader as logLoader } from "~/routes/_app.projects.$projectId_.service-logs/route";
import { action as taskAction, loader as taskLoader } from "~/routes/_app.projects.$projectId_.tasks/route";
import { action as msAction, loader as msLoader } from "~/routes/_app.projects.$projectId_.milestones/route";
import { action as issueNewAction } from "~/routes/_app.issues.new/route";
import { loader as issueLoader } from "~/routes/_app.issues.$issueId/route";
import { loader as photoLoader } from "~/routes/resources.photos.$attachmentId.$variant";
import { loader as downloadLoader } from "~/routes/resources.attachments.$attachmentId";
import { loader as reviewLoader } from "~/routes/_app.photos.review/route";
import { countyNamed, createEnterprise, createProject, createUser, teamNo } from "../support/factories";
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

/** A project of team01's team in 榆次区 at 112.7100°E 37.7000°N, signed on 2017-11-01, with an enterprise. */
async function project() {
  const ent = await createEnterprise(sql, { countyId: yuci, serviceTeamId: team01Team });
  const p = await createProject(sql, {
    countyId: yuci,
    serviceTeamId: team01Team,
    enterpriseId: ent.id,
    milestones: { SIGNED: { planned: "2017-11-01", actual: "2017-11-01" } },
  });
  await sql.query("UPDATE project SET longitude = 112.71, latitude = 37.7 WHERE id = $1", [p.id]);
  return { projectId: p.id, enterpriseId: ent.id };
}

function form(fields: Record<string, string>, photos: Photo[], extra?: (fd: FormData) => void) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(asPosted(fields))) fd.append(k, v);
  for (const p of photos) fd.append("photos", new File([p.bytes], p.name, { type: "image/jpeg" }));
  extra?.(fd);
  return fd;
}

type Handler = (args: any) => Promise<unknown>;
const post = (action: Handler, user: string, url: string, body: FormData, params: Record<string, string> = {}) =>
  run(async () => action({ request: await requestAs(user, url, { method: "POST", body }), params, context: {} }));

const get = (loader: Handler, user: string, url: string, params: Record<string, string> = {}) =>
  run(async () => loader({ request: await requestAs(user, url), params, context: {} }));

const logFields = { kind: "VISIT", occurredOn: "2017-11-16", people: "服务小组、企业负责人", content: "现场查看" };
type View = { id: number; fileName: string; takenAt: string | null; place: string | null; marks: string[] };
const FAR_MARKS = ["拍摄地点距项目 4\\d\\d 公里", "拍摄时间早于登记日期 27 天"];
const expectFarMarks = (v: View) => {
  expect(v.marks).toHaveLength(2);
  v.marks.forEach((m, i) => expect(m).toMatch(new RegExp(`^${FAR_MARKS[i]}$`)));
};

/** thumb, preview and original of one photo as `user` sees them: statuses */
async function reach(user: string, id: number) {
  const variant = async (v: string) =>
    (
      await get(photoLoader as Handler, user, `/resources/photos/${id}/${v}`, {
        attachmentId: String(id),
        variant: v,
      })
    ).status;
  const original = (
    await get(downloadLoader as Handler, user, `/resources/attachments/${id}`, { attachmentId: String(id) })
  ).status;
  return [await variant("thumb"), await variant("preview"), original];
}

describe("site photos on service logs, agency tasks, corrections and issues", () => {
  it("a service log takes a HEIC and a far photo: converted, EXIF read, marked; only its project's viewers see them", async () => {
    const { projectId } = await project();
    const url = `/projects/${projectId}/service-logs`;
    const params = { projectId: String(projectId) };
    const res = await post(logAction, "team01", url, form(logFields, [heic, far]), params);
    expect(res.status).toBe(302);
    const stored = await rows<{ id: number; file_name: string; mime_type: string; lat: number; log: number }>(
      `SELECT a.id, a.file_name, a.mime_type, a.latitude AS lat, a.service_log_id AS log
         FROM attachment a JOIN service_log l ON l.id = a.service_log_id
        WHERE l.project_id = $1 AND a.project_id = $1 AND a.thumb_key IS NOT NULL AND a.preview_key IS NOT NULL
        ORDER BY a.id`,
      [projectId],
    );
    expect(stored.map((r) => [r.file_name, r.mime_type, r.lat])).toEqual([
      ["IMG_0001.heic", "image/heic", 37.6968],
      ["远处.jpg", "image/jpeg", 39.9042],
    ]);
    // the audit entry names the photos
    const audit = await one<{ after: Record<string, unknown> }>(
      "SELECT after FROM audit_event WHERE entity = 'ServiceLog' AND entity_id = $1",
      [stored[0].log],
    );
    expect(audit.after.photos).toBe("IMG_0001.heic、远处.jpg");

    const page = await get(logLoader, "team01", url, params);
    const log = (page.data as { logs: Array<{ id: number; photos: View[] }> }).logs.find(
      (l) => l.id === stored[0].log,
    )!;
    expect(log.photos.map((p) => p.fileName)).toEqual(["IMG_0001.heic", "远处.jpg"]);
    expect(log.photos[0]).toMatchObject({ place: "北纬 37.6968°，东经 112.7080°", marks: [] });
    expect(log.photos[0].takenAt).toBe("2017-11-15T02:30:00.000Z");
    expectFarMarks(log.photos[1]);

    // scope per role: the project's team, county and the city; not another team, county or an enterprise
    const otherTeam = await createUser(sql, "TEAM", { teamId: await teamNo(sql, 30) });
    const otherCounty = await createUser(sql, "COUNTY", { countyId: await countyNamed(sql, "介休市") });
    const ownCounty = await createUser(sql, "COUNTY", { countyId: yuci });
    const ent = await createEnterprise(sql);
    const enterprise = await createUser(sql, "ENTERPRISE", { enterpriseId: ent.id });
    for (const user of ["team01", "bureau", "leader", ownCounty.username]) {
      expect(await reach(user, stored[1].id), user).toEqual([200, 200, 200]);
    }
    for (const user of [otherTeam.username, otherCounty.username, enterprise.username]) {
      expect(await reach(user, stored[1].id), user).toEqual([404, 404, 404]);
    }
  });

  it("a bad second photo refuses the whole service log and stores nothing", async () => {
    const { projectId } = await project();
    const before = await storedFiles(uploadDir);
    const res = await post(logAction, "team01", `/projects/${projectId}/service-logs`, form(logFields, [heic, bad]), {
      projectId: String(projectId),
    });
    expect(res.status).toBe(400);
    expect((res.data as { fieldErrors: Record<string, string> }).fieldErrors.photos).toBe(
      "照片 第二张.jpg 不是 JPG、PNG 或 HEIC 格式",
    );
    expect(await count("SELECT count(*) AS n FROM service_log WHERE project_id = $1", [projectId])).toBe(0);
    expect(await count("SELECT count(*) AS n FROM attachment WHERE project_id = $1", [projectId])).toBe(0);
    expect(await storedFiles(uploadDir)).toBe(before);
    // 10 photos: the photos' own message
    const ten = Array.from({ length: 10 }, () => far);
    const many = await post(logAction, "team01", `/projects/${projectId}/service-logs`, form(logFields, ten), {
      projectId: String(projectId),
    });
    expect((many.data as { fieldErrors: Record<string, string> }).fieldErrors.photos).toBe("现场照片最多 9 张");
    expect(await count("SELECT count(*) AS n FROM service_log WHERE project_id = $1", [projectId])).toBe(0);
  });

  it("an agency task's update takes photos (alone too), marked against its 办结日期; a stale or bad one stores nothing", async () => {
    const { projectId } = await project();
    const task = await one<{ id: number }>(
      `INSERT INTO agency_task (project_id, team_id, kind, title, due_on) VALUES ($1, $2, 'PLANNING_PERMIT', '规划许可', '2017-11-30')
       RETURNING id`,
      [projectId, team01Team],
    );
    const url = `/projects/${projectId}/tasks`;
    const params = { projectId: String(projectId) };
    const update = (version: string, photos: Photo[], status = "DONE") =>
      form(
        {
          intent: "update",
          taskId: String(task.id),
          status,
          completedOn: status === "DONE" ? "2017-11-16" : "",
          dueOn: "2017-11-30",
          handlerId: "",
          note: "",
          version,
        },
        photos,
      );
    const before = await storedFiles(uploadDir);
    // a bad photo: nothing changes
    expect((await post(taskAction, "team01", url, update("1", [far, bad]), params)).status).toBe(400);
    // a stale version: refused after the files were written, which are discarded
    expect((await post(taskAction, "team01", url, update("7", [far]), params)).status).toBe(409);
    expect(await count("SELECT count(*) AS n FROM attachment WHERE agency_task_id = $1", [task.id])).toBe(0);
    expect(await one("SELECT status, version FROM agency_task WHERE id = $1", [task.id])).toEqual({
      status: "PENDING",
      version: 1,
    });
    expect(await storedFiles(uploadDir)).toBe(before);

    expect((await post(taskAction, "team01", url, update("1", [far]), params)).status).toBe(302);
    // photos alone (nothing else changed) are an update too
    expect((await post(taskAction, "team01", url, update("2", [heic]), params)).status).toBe(302);
    expect(await count("SELECT count(*) AS n FROM attachment WHERE agency_task_id = $1", [task.id])).toBe(2);
    expect((await one<{ version: number }>("SELECT version FROM agency_task WHERE id = $1", [task.id])).version).toBe(
      3,
    );
    const page = await get(taskLoader, "team01", url, params);
    const t = (page.data as { tasks: Array<{ id: number; photos: View[] }> }).tasks.find((x) => x.id === task.id)!;
    expect(t.photos.map((p) => p.fileName)).toEqual(["远处.jpg", "IMG_0001.heic"]);
    expectFarMarks(t.photos[0]);
    expect(t.photos[1].marks).toEqual([]);
    const otherTeam = await createUser(sql, "TEAM", { teamId: await teamNo(sql, 30) });
    expect(await reach(otherTeam.username, t.photos[0].id)).toEqual([404, 404, 404]);
    expect(await reach("team01", t.photos[0].id)).toEqual([200, 200, 200]);
  });

  it("a milestone's 更正 takes photos, marked against the corrected date", async () => {
    const { projectId } = await project();
    const version = (
      await one<{ version: number }>("SELECT version FROM milestone WHERE project_id = $1 AND stage = 'SIGNED'", [
        projectId,
      ])
    ).version;
    const evidence = (
      await one<{ evidence_no: string | null }>(
        "SELECT evidence_no FROM milestone WHERE project_id = $1 AND stage = 'SIGNED'",
        [projectId],
      )
    ).evidence_no;
    const res = await post(
      msAction,
      "team01",
      `/projects/${projectId}/milestones`,
      form(
        {
          intent: "correct",
          stage: "SIGNED",
          actualOn: "2017-11-16",
          evidenceNo: evidence ?? "晋中合同〔2017〕1号",
          reason: "补充现场照片并更正日期",
          version: String(version),
        },
        [far],
      ),
      { projectId: String(projectId) },
    );
    expect(res.status).toBe(302);
    const page = await get(msLoader, "team01", `/projects/${projectId}/milestones`, { projectId: String(projectId) });
    const signed = (page.data as { milestones: Array<{ stage: string; photos: View[] }> }).milestones.find(
      (m) => m.stage === "SIGNED",
    )!;
    expect(signed.photos.map((p) => p.fileName)).toEqual(["远处.jpg"]);
    expectFarMarks(signed.photos[0]);
  });

  it("an issue takes photos with its documents; only those who see the issue see them; a bad photo stores no issue", async () => {
    const { projectId, enterpriseId } = await project();
    const owner = await createUser(sql, "ENTERPRISE", { enterpriseId });
    const issueFields = {
      category: "UTILITIES",
      title: "厂区道路未硬化",
      description: "现场道路泥泞，请协调。",
      projectId: String(projectId),
    };
    const withDoc = (fd: FormData) => fd.append("attachments", new File(["说明"], "说明.txt", { type: "text/plain" }));
    const issues = () => count("SELECT count(*) AS n FROM coordination_issue WHERE project_id = $1", [projectId]);
    const before = await storedFiles(uploadDir);
    const refused = await post(issueNewAction, owner.username, "/issues/new", form(issueFields, [far, bad], withDoc));
    expect(refused.status).toBe(400);
    expect((refused.data as { fieldErrors: Record<string, string> }).fieldErrors.photos).toBe(
      "照片 第二张.jpg 不是 JPG、PNG 或 HEIC 格式",
    );
    expect(await issues()).toBe(0);
    expect(await storedFiles(uploadDir)).toBe(before);

    const res = await post(issueNewAction, owner.username, "/issues/new", form(issueFields, [heic, far], withDoc));
    expect(res.status).toBe(302);
    const issue = await one<{ id: number }>("SELECT id FROM coordination_issue WHERE project_id = $1", [projectId]);
    const photos = await rows<{ id: number; project_id: number | null }>(
      "SELECT id, project_id FROM attachment WHERE issue_id = $1 AND thumb_key IS NOT NULL ORDER BY id",
      [issue.id],
    );
    expect(photos.map((p) => p.project_id)).toEqual([null, null]);
    expect(
      await count("SELECT count(*) AS n FROM attachment WHERE issue_id = $1 AND thumb_key IS NULL", [issue.id]),
    ).toBe(1);

    const page = await get(issueLoader, owner.username, `/issues/${issue.id}`, { issueId: String(issue.id) });
    const d = page.data as { photos: View[]; view: { attachments: Array<{ fileName: string }> } };
    expect(d.view.attachments.map((a) => a.fileName)).toEqual(["说明.txt"]);
    expect(d.photos.map((p) => p.fileName)).toEqual(["IMG_0001.heic", "远处.jpg"]);
    // marked against the issue's project and its submission day (2017-11-19 in the demo clock: 30 days)
    expect(d.photos[1].marks[0]).toMatch(/^拍摄地点距项目 4\d\d 公里$/);
    expect(d.photos[1].marks[1]).toMatch(/^拍摄时间早于登记日期 \d+ 天$/);

    const otherEnt = await createUser(sql, "ENTERPRISE", { enterpriseId: (await createEnterprise(sql)).id });
    const otherCounty = await createUser(sql, "COUNTY", { countyId: await countyNamed(sql, "介休市") });
    const otherTeam = await createUser(sql, "TEAM", { teamId: await teamNo(sql, 30) });
    for (const user of [owner.username, "team01", "bureau"]) {
      expect(await reach(user, photos[1].id), user).toEqual([200, 200, 200]);
    }
    for (const user of [otherEnt.username, otherCounty.username, otherTeam.username]) {
      expect(await reach(user, photos[1].id), user).toEqual([404, 404, 404]);
    }
  });

  it("the reviewer's list shows the marked photos of every kind within the viewer's scope, with paging", async () => {
    const { projectId } = await project();
    expect(
      (
        await post(logAction, "team01", `/projects/${projectId}/service-logs`, form(logFields, [heic, far]), {
          projectId: String(projectId),
        })
      ).status,
    ).toBe(302);
    const far1 = await one<{ id: number }>(
      "SELECT id FROM attachment WHERE project_id = $1 AND file_name = '远处.jpg'",
      [projectId],
    );
    type Review = { photos: Array<View & { kind: string; subject: string; href: string }>; total: number };
    const review = async (user: string, page = 1) =>
      (await get(reviewLoader, user, `/photos/review?page=${page}`)).data as Review;
    const mine = await review("team01");
    const row = mine.photos.find((p) => p.id === far1.id)!;
    expect(row).toMatchObject({ kind: "serviceLog", href: `/projects/${projectId}/service-logs` });
    expectFarMarks(row);
    // the near HEIC is not on the list; every row is marked
    expect(mine.photos.every((p) => p.marks.length > 0)).toBe(true);
    expect(mine.photos.some((p) => p.fileName === "IMG_0001.heic" && p.id > far1.id - 2 && p.id < far1.id)).toBe(false);
    // the total is every marked photo of team01's team's projects and issues
    const teamPhotos = await count(
      `SELECT count(*) AS n FROM attachment a LEFT JOIN project p ON p.id = a.project_id
         LEFT JOIN coordination_issue i ON i.id = a.issue_id
        WHERE a.thumb_key IS NOT NULL AND (p.service_team_id = $1 OR (a.project_id IS NULL AND
              (i.team_id = $1 OR i.project_team_id = $1)))`,
      [team01Team],
    );
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThanOrEqual(teamPhotos);
    const otherTeam = await createUser(sql, "TEAM", { teamId: await teamNo(sql, 30) });
    expect((await review(otherTeam.username)).photos.some((p) => p.id === far1.id)).toBe(false);
    expect((await review("bureau")).photos.some((p) => p.id === far1.id)).toBe(true);
    const ent = await createUser(sql, "ENTERPRISE", { enterpriseId: (await createEnterprise(sql)).id });
    expect((await get(reviewLoader, ent.username, "/photos/review")).status).toBe(403);
  });
});
