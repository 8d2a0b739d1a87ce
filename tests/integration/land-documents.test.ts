// Documents of a land record (docs/decisions/271): 出让合同, 不动产权证书 … go with 登记供地 or a record's 补充文件
// through the one upload pipeline (the fund application's rules), are listed on the record, audited as 上传附件,
// downloadable only by those who see the project's workspace (404 for another county, another team, an
// enterprise), and all or nothing: a bad file or a refused record stores no file and no row.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const uploadDir = vi.hoisted(() => {
  const dir = `/tmp/jz-int-uploads-${process.pid}-land-docs`;
  process.env.UPLOAD_DIR = dir;
  return dir;
});

import { action, loader } from "~/routes/_app.projects.$projectId_.land/route";
import { loader as downloadLoader } from "~/routes/resources.attachments.$attachmentId";
import { createEnterprise, createProject, createUser, teamNo } from "../support/factories";
import { asPosted, requestAs, run } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";
import { storedFiles } from "../support/uploads";

const sql = testSql();
const { one, count, rows } = queries(sql);
let project: number;
let county: string;
let teamUser: string;
let otherCounty: string;
let otherTeam: string;
let enterpriseUser: string;

type Doc = { name: string; text: string };
const contract: Doc = { name: "出让合同.pdf", text: "%PDF-1.4 出让合同" };
const certificate: Doc = { name: "不动产权证书.png", text: "scan" };
const bad: Doc = { name: "合同.exe", text: "MZ" };

beforeAll(async () => {
  const yuci = await countyId(sql, "榆次区");
  const team = await teamNo(sql, 1);
  const ent = await createEnterprise(sql, { countyId: yuci });
  county = (await createUser(sql, "COUNTY", { countyId: yuci })).username;
  teamUser = (await createUser(sql, "TEAM", { teamId: team })).username;
  otherCounty = (await createUser(sql, "COUNTY", { countyId: await countyId(sql, "太谷县") })).username;
  otherTeam = (await createUser(sql, "TEAM", { teamId: await teamNo(sql, 30) })).username;
  enterpriseUser = (await createUser(sql, "ENTERPRISE", { enterpriseId: ent.id })).username;
  project = (
    await createProject(sql, {
      countyId: yuci,
      serviceTeamId: team,
      enterpriseId: ent.id,
      milestones: { SIGNED: { actual: "2017-03-01" } },
    })
  ).id;
});
afterAll(async () => {
  await rm(uploadDir, { recursive: true, force: true });
});

const record = {
  method: "TRANSFER",
  location: "榆次区工业园 A-7",
  area: "30.5",
  price: "900",
  suppliedOn: "2017-06-01",
};

function body(fields: Record<string, string>, docs: Doc[]) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(asPosted(fields))) fd.append(k, v);
  for (const d of docs) fd.append("attachments", new File([d.text], d.name));
  return fd;
}
const post = async (user: string, fd: FormData, query = "") =>
  run(async () =>
    action({
      request: await requestAs(user, `/projects/${project}/land${query}`, { method: "POST", body: fd }),
      params: { projectId: String(project) },
      context: {},
    }),
  );
const page = async (user: string) =>
  run(async () =>
    loader({
      request: await requestAs(user, `/projects/${project}/land`),
      params: { projectId: String(project) },
      context: {},
    }),
  );
const download = async (user: string, id: number) =>
  (
    await run(async () =>
      downloadLoader({
        request: await requestAs(user, `/resources/attachments/${id}`),
        params: { attachmentId: String(id) },
        context: {},
      }),
    )
  ).status;
const errorsOf = (r: { data: unknown }) => (r.data as { fieldErrors: Record<string, string> }).fieldErrors;
type Page = { records: Array<{ id: number; location: string; documents: Array<{ id: number; fileName: string }> }> };

describe("documents of a land record", () => {
  it("登记供地 with two documents: stored with the record, listed on it, audited, downloadable within the project's scope only", async () => {
    const res = await post(county, body({ ...record, location: "榆次区工业园 A-7" }, [contract, certificate]));
    expect(res.status).toBe(302);
    const land = await one<{ id: number }>("SELECT id FROM land_supply WHERE project_id = $1 AND location = $2", [
      project,
      "榆次区工业园 A-7",
    ]);
    const docs = await rows<{ id: number; file_name: string; project_id: number; mime_type: string }>(
      "SELECT id, file_name, project_id, mime_type FROM attachment WHERE land_supply_id = $1 ORDER BY id",
      [land.id],
    );
    expect(docs.map((d) => [d.file_name, d.project_id, d.mime_type])).toEqual([
      ["出让合同.pdf", project, "application/pdf"],
      ["不动产权证书.png", project, "image/png"],
    ]);
    const audit = await one<{ action: string; project_id: number; after: { attachments: { fileName: string }[] } }>(
      "SELECT action, project_id, after FROM audit_event WHERE entity = 'LandSupply' AND entity_id = $1 AND action = 'UPLOAD'",
      [String(land.id)],
    );
    expect(audit.project_id).toBe(project);
    expect(audit.after.attachments.map((a) => a.fileName)).toEqual(["出让合同.pdf", "不动产权证书.png"]);

    const shown = (await page(teamUser)).data as Page;
    expect(shown.records.find((r) => r.id === land.id)!.documents.map((d) => d.fileName)).toEqual([
      "出让合同.pdf",
      "不动产权证书.png",
    ]);

    for (const user of [county, teamUser, "bureau", "leader"]) expect(await download(user, docs[0].id), user).toBe(200);
    for (const user of [otherCounty, otherTeam, enterpriseUser])
      expect(await download(user, docs[0].id), user).toBe(404);
    // the page itself: another county 404, an enterprise 403 (decision 220)
    expect((await page(otherCounty)).status).toBe(404);
    expect((await page(enterpriseUser)).status).toBe(403);
  });

  it("a bad file, an invalid record or a refused schedule stores nothing", async () => {
    const before = await storedFiles(uploadDir);
    const records = await count("SELECT count(*) AS n FROM land_supply WHERE project_id = $1", [project]);
    const docs = await count("SELECT count(*) AS n FROM attachment WHERE project_id = $1", [project]);

    const badFile = await post(county, body({ ...record, location: "坏文件" }, [contract, bad]));
    expect(badFile.status).toBe(400);
    expect(errorsOf(badFile).attachments).toBe("不支持的附件类型：合同.exe（支持 PDF、图片、Word、Excel、文本）");
    // the schedule does not add up to the price: refused inside the command, after the files were written
    const schedule = await post(
      county,
      body({ ...record, location: "分期不符", due1: "2017-07-01", amt1: "100" }, [contract]),
    );
    expect(schedule.status).toBe(400);
    expect(errorsOf(schedule).schedule).toMatch(/须等于出让金/);
    const six = await post(
      county,
      body(
        { ...record, location: "六个文件" },
        Array.from({ length: 6 }, () => contract),
      ),
    );
    expect(six.status).toBe(400);
    expect(errorsOf(six).attachments).toBe("附件最多 5 个");

    expect(await count("SELECT count(*) AS n FROM land_supply WHERE project_id = $1", [project])).toBe(records);
    expect(await count("SELECT count(*) AS n FROM attachment WHERE project_id = $1", [project])).toBe(docs);
    expect(await storedFiles(uploadDir)).toBe(before);
  });

  it("补充文件 on a record: its team adds a document; another county gets 404 and a bad file nothing", async () => {
    await post(county, body({ ...record, location: "补充文件地块" }, []));
    const land = await one<{ id: number }>(
      "SELECT id FROM land_supply WHERE project_id = $1 AND location = '补充文件地块'",
      [project],
    );
    const q = `?attach=${land.id}`;
    const before = await storedFiles(uploadDir);

    const refused = await post(teamUser, body({}, [certificate, bad]), q);
    expect(refused.status).toBe(400);
    expect((refused.data as { form: string }).form).toBe(`attach-${land.id}`);
    expect((await post(otherCounty, body({}, [certificate]), q)).status).toBe(404);
    expect(await storedFiles(uploadDir)).toBe(before);
    expect(await count("SELECT count(*) AS n FROM attachment WHERE land_supply_id = $1", [land.id])).toBe(0);

    expect((await post(teamUser, body({}, [certificate]), q)).status).toBe(302);
    expect(await count("SELECT count(*) AS n FROM attachment WHERE land_supply_id = $1", [land.id])).toBe(1);
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_event WHERE entity = 'LandSupply' AND entity_id = $1 AND action = 'UPLOAD'",
        [String(land.id)],
      ),
    ).toBe(1);
    expect(await storedFiles(uploadDir)).toBe(before + 1);

    // deleting the record keeps the contract as a project file
    const version = await one<{ version: number }>("SELECT version FROM land_supply WHERE id = $1", [land.id]);
    const del = await post(
      county,
      body({ intent: "delete", id: String(land.id), version: String(version.version) }, []),
    );
    expect(del.status).toBe(302);
    expect(
      await count(
        "SELECT count(*) AS n FROM attachment WHERE project_id = $1 AND file_name = $2 AND land_supply_id IS NULL",
        [project, certificate.name],
      ),
    ).toBe(1);
  });
});
