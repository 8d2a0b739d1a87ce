// Malformed and refused requests against the real server (issue 21, findings 5 and 6): each answers a Chinese 4xx,
// never a 500 — including the page rendered for a refused form.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, signIn, startApp } from "../support/appProcess";

let app: AppProcess;
let sql: pg.Client;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL });
  for (const u of ["bureau", "county.yuci"]) cookies[u] = await signIn(app, u);
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

async function post(user: string, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await fetch(app.url(path), {
    method: "POST",
    headers: { Cookie: cookies[user] },
    body,
    redirect: "manual",
  });
  return { status: res.status, text: await res.text() };
}

describe("the project form refused with exactly one 领办领导 ticked (finding 5)", () => {
  async function projectFields(over: Record<string, string | string[]> = {}) {
    const county = (await sql.query("SELECT id FROM county WHERE name = '榆次区'")).rows[0].id;
    const industry = (await sql.query("SELECT id FROM industry ORDER BY id LIMIT 1")).rows[0].id;
    const official = (await sql.query("SELECT id FROM official WHERE level = 'CITY' ORDER BY id LIMIT 1")).rows[0].id;
    return {
      name: "单个领办领导测试",
      countyId: String(county),
      industryId: String(industry),
      origin: "ATTRACTION",
      totalInvestment: "50000",
      planYear: "2017",
      enterpriseMode: "none",
      officialIds: String(official),
      createToken: randomUUID(), // the form's one-time token (docs/decisions/093)
      ...over,
    };
  }

  it("a validation error on /projects/new re-renders the form (400), not a 500", async () => {
    const r = await post("bureau", "/projects/new", await projectFields({ name: "" }));
    expect(r.status).toBe(400);
    expect(r.text).toContain("新建项目");
    expect(r.text).toContain("领办领导");
  });

  it("a county's 403 and the 409 concurrent-edit page on /projects/:id/edit render too", async () => {
    const jiexiu = (await sql.query("SELECT id FROM county WHERE name = '介休市'")).rows[0].id;
    const forbidden = await post("county.yuci", "/projects/new", await projectFields({ countyId: String(jiexiu) }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain("您只能为本县区创建项目");

    const created = await post("bureau", "/projects/new", await projectFields({ name: "并发单领导测试" }));
    expect(created.status).toBe(302);
    const id = Number((await sql.query("SELECT id FROM project WHERE name = '并发单领导测试'")).rows[0].id);
    expect(
      (await post("bureau", `/projects/${id}/edit`, await projectFields({ name: "改一", version: "1" }))).status,
    ).toBe(302);
    const stale = await post("bureau", `/projects/${id}/edit`, await projectFields({ name: "改二", version: "1" }));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("编辑项目");
  });
});

describe("every action route with malformed bodies (finding 6)", () => {
  const ROUTES = path.join(__dirname, "../../app/routes");

  /** Action routes from the flat route files, with their URL pattern and the intents their source names. */
  function actionRoutes() {
    const out: Array<{ file: string; pattern: string; intents: string[] }> = [];
    for (const entry of readdirSync(ROUTES)) {
      const full = path.join(ROUTES, entry);
      const file = statSync(full).isDirectory()
        ? ["route.tsx", "route.ts"].map((f) => path.join(full, f)).find((f) => existsSync(f))
        : full;
      if (!file) continue;
      const src = readFileSync(file, "utf8");
      if (!/export (async function|const|function) action\b/.test(src)) continue;
      const name = entry.replace(/\.tsx?$/, "");
      if (name === "login" || name === "logout") continue; // sign-in failures count against this address
      const segments = name
        .split(".")
        .filter((s) => !s.startsWith("_") || s === "_index")
        .map((s) => (s === "_index" ? "" : s.replace(/_$/, "")))
        .filter(Boolean);
      const intents = [...new Set([...src.matchAll(/intent\s*===\s*"(\w+)"|case "(\w+)"/g)].map((m) => m[1] ?? m[2]))];
      out.push({ file: name, pattern: "/" + segments.join("/"), intents });
    }
    return out;
  }

  async function paramValues(): Promise<Record<string, string>> {
    const one = async (q: string) => String((await sql.query(q)).rows[0]?.id ?? 1);
    return {
      projectId: await one(
        "SELECT p.id FROM project p JOIN app_user u ON u.team_id = p.service_team_id WHERE u.username = 'team01' ORDER BY p.id LIMIT 1",
      ),
      issueId: await one("SELECT id FROM coordination_issue ORDER BY id LIMIT 1"),
      leadId: await one("SELECT id FROM lead ORDER BY id LIMIT 1"),
      teamId: await one("SELECT id FROM service_team ORDER BY no LIMIT 1"),
      jobId: await one("SELECT id FROM import_job ORDER BY id LIMIT 1"),
    };
  }

  const HUGE = { id: "2147483648", version: "99999999999", projectId: "9999999999", issueId: "2147483648" };
  const KEYS = [
    "id",
    "version",
    "projectId",
    "issueId",
    "leadId",
    "teamId",
    "logId",
    "taskId",
    "stage",
    "year",
    "month",
  ];

  function bodies(intents: string[]): Array<{ label: string; init: RequestInit }> {
    const form = (fields: Array<[string, string]>) => ({
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    const list: Array<{ label: string; init: RequestInit }> = [{ label: "empty form", init: form([]) }];
    for (const intent of [...intents, "__proto__", "constructor", "toString", ""]) {
      list.push({
        label: `${intent}: huge ids`,
        init: form([
          ["intent", intent],
          ...KEYS.map((k): [string, string] => [k, HUGE[k as keyof typeof HUGE] ?? "2147483648"]),
        ]),
      });
      list.push({
        label: `${intent}: garbage`,
        init: form([["intent", intent], ...KEYS.map((k): [string, string] => [k, "__proto__"])]),
      });
      list.push({
        label: `${intent}: repeated`,
        init: form([
          ["intent", intent],
          ["intent", intent],
          ...KEYS.flatMap((k): Array<[string, string]> => [
            [k, "1"],
            [k, "-1"],
          ]),
        ]),
      });
    }
    const boundary = "----jzwalk";
    list.push({
      label: "truncated multipart",
      init: {
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
        body: `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nlog\r\n--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc`,
      },
    });
    list.push({
      label: "multipart file name with = and ;",
      init: {
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
        body:
          `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nlog\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="a=b;c.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%\r\n` +
          `--${boundary}--\r\n`,
      },
    });
    return list;
  }

  it("answers each with a 4xx or a redirect, never a 5xx", { timeout: 600_000 }, async () => {
    cookies["team01"] = await signIn(app, "team01");
    cookies["ent.geely"] = await signIn(app, "ent.geely");
    const params = await paramValues();
    const routes = actionRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const failures: string[] = [];
    const jobs: Array<() => Promise<void>> = [];
    for (const r of routes) {
      for (const huge of [false, true]) {
        const url = r.pattern.replace(/\$(\w+)/g, (_, p: string) => (huge ? "2147483648" : (params[p] ?? "1")));
        if (huge && url === r.pattern) continue;
        // the enterprise only where it writes (issues); ids beyond int32 in the path: one user is enough
        const users = huge
          ? ["bureau"]
          : url.startsWith("/issues")
            ? ["bureau", "team01", "ent.geely"]
            : ["bureau", "team01"];
        for (const user of users) {
          for (const b of bodies(huge ? [] : r.intents)) {
            jobs.push(async () => {
              const res = await fetch(app.url(url), {
                method: "POST",
                redirect: "manual",
                ...b.init,
                headers: { ...(b.init.headers as Record<string, string>), Cookie: cookies[user] },
              }).catch((e: Error) => e);
              if (res instanceof Error) return void failures.push(`${res.message} ${user} POST ${url} (${b.label})`);
              await res.arrayBuffer();
              if (res.status >= 500) failures.push(`${res.status} ${user} POST ${url} (${b.label})`);
            });
          }
        }
      }
    }
    // four at a time
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) await job();
      }),
    );
    expect(failures).toEqual([]);
  });
});

describe("uploaded names, types and invisible characters (findings 6, 9)", () => {
  it("a file name with = ; and browser-encoded quotes is stored cleaned; served with the extension's type; bidi stripped", async () => {
    const cookie = await signIn(app, "ent.geely");
    const boundary = "----jznames";
    const title = "厂区\u202E道路\u200B施工许可办理缓慢";
    const parts = [
      ["category", "APPROVAL"],
      ["title", title],
      ["description", "施工许可证办理超过三十个工作日仍未完成，影响开工。"],
      ["projectId", ""],
      ["createToken", randomUUID()], // the form's one-time token (docs/decisions/093)
    ]
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("");
    // Chrome sends a name's quotes as %22 and line breaks as %0D%0A; the declared type is a lie
    const file =
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="报告 %22a=b;c%22%0D%0A.txt"\r\n` +
      `Content-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--${boundary}--\r\n`;
    const res = await fetch(app.url("/issues/new"), {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: Buffer.from(parts + file),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const issueId = Number(res.headers.get("location")!.split("/").pop());
    const issue = (await sql.query("SELECT title FROM coordination_issue WHERE id = $1", [issueId])).rows[0];
    expect(issue.title).toBe("厂区道路施工许可办理缓慢");
    const att = (await sql.query("SELECT id, file_name, mime_type FROM attachment WHERE issue_id = $1", [issueId]))
      .rows[0];
    expect(att.file_name).toBe("报告 a=b;c.txt");
    expect(att.mime_type).toBe("text/plain; charset=utf-8");
    // a row stored before the fix with the declared type is served with the extension's type
    await sql.query("UPDATE attachment SET mime_type = 'text/html' WHERE id = $1", [att.id]);
    const got = await fetch(app.url(`/resources/attachments/${att.id}`), { headers: { Cookie: cookie } });
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });
});
