// Every page whose form posts files must be one the request guard lets multipart through (request-guards.mjs
// UPLOAD_PAGES): otherwise the real server answers 415 while the integration tests, which call the action directly,
// still pass — as /policies/import did (issue 15). Reads the route files, so a new upload form fails here first.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acceptsUpload, BODY_LIMITS, bodyLimitFor } from "./request-guards.mjs";

const ROUTES = path.resolve(__dirname, "../../app/routes");

/** A route module's URL with its params filled in: `_app.projects.$projectId_.milestones` → `/projects/1/milestones`. */
function routePath(routeId: string): string {
  const segments = routeId
    .split(".")
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => s.replace(/_$/, ""))
    .map((s) => (s.startsWith("$") ? "1" : s));
  return `/${segments.join("/")}`;
}

function uploadForms(pattern = /encType=["']multipart\/form-data["']/): { file: string; route: string }[] {
  const found: { file: string; route: string }[] = [];
  for (const entry of readdirSync(ROUTES)) {
    const full = path.join(ROUTES, entry);
    const files = statSync(full).isDirectory()
      ? readdirSync(full)
          .filter((f) => /\.tsx?$/.test(f))
          .map((f) => path.join(full, f))
      : [full];
    const route = entry.replace(/\.tsx?$/, "");
    for (const f of files)
      if (pattern.test(readFileSync(f, "utf8"))) found.push({ file: path.relative(ROUTES, f), route });
  }
  return found;
}

describe("upload pages", () => {
  it("maps route ids to paths", () => {
    expect(routePath("_app.projects.$projectId_.milestones")).toBe("/projects/1/milestones");
    expect(routePath("_app.import._index")).toBe("/import");
    expect(routePath("register")).toBe("/register");
  });

  it("every form that posts files is on a page the guard lets multipart through", () => {
    const forms = uploadForms();
    expect(forms.length).toBeGreaterThan(5);
    expect(forms.filter((f) => !acceptsUpload(routePath(f.route))).map((f) => f.file)).toEqual([]);
    expect(acceptsUpload("/policies/import.data")).toBe(true);
    expect(acceptsUpload("/projects/1/funding")).toBe(false);
  });

  it("every page with a 现场照片 input lets a body of 9 photos through (issue 20 §2, docs/decisions/230)", () => {
    const photoForms = uploadForms(/<PhotoInput\b/);
    expect([...new Set(photoForms.map((f) => f.route))].sort()).toEqual([
      "_app.enterprises.$enterpriseId_.visits",
      "_app.issues.new",
      "_app.projects.$projectId_.milestones",
      "_app.projects.$projectId_.service-logs",
      "_app.projects.$projectId_.tasks",
    ]);
    const multipart = { "content-type": "multipart/form-data; boundary=x" };
    for (const f of photoForms) {
      expect(bodyLimitFor({ path: routePath(f.route), headers: multipart }), f.file).toBe(BODY_LIMITS.photos);
    }
  });
});
