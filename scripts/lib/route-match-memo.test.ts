// The memoised matchRoutes (docs/decisions/245) gives exactly what @remix-run/router's matchRoutes gives, with the
// caller's own route objects, for trees shaped like Remix's (root → pathless layout → index, static, dynamic,
// optional and splat children), including when the same shape comes as new objects (Remix builds them per render).
import { matchRoutes as routerMatchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";
import { memoMatchRoutes } from "./route-match-memo.mjs";

type R = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: R[] };
type M = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: R };
const matchRoutes = routerMatchRoutes as unknown as (
  routes: R[],
  location: string | { pathname?: string },
  basename?: string,
) => M[] | null;
function tree(): R[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "routes/login", path: "login" },
        { id: "routes/resources.x.$id", path: "resources/x/:id" },
        {
          id: "routes/_app",
          children: [
            { id: "routes/_app._index", index: true },
            { id: "routes/_app.projects._index", path: "projects", index: true },
            { id: "routes/_app.projects.$projectId", path: "projects/:projectId" },
            { id: "routes/_app.projects.$projectId_.edit", path: "projects/:projectId/edit" },
            { id: "routes/_app.org.$kind.$id", path: "org/:kind/:id" },
            { id: "routes/_app.Case", path: "Case", caseSensitive: true },
            { id: "routes/_app.$", path: "*" },
          ],
        },
      ],
    },
  ];
}
const PATHS = [
  "/",
  "/login",
  "/projects",
  "/projects/",
  "/projects/5",
  "/projects/5/edit",
  "/projects/%E5%85%89",
  "/org/county/3",
  "/Case",
  "/case",
  "/no-such-page",
  "/a/b/c",
  "/resources/x/9",
  "/projects?q=1",
  "/projects/7#top",
];

describe("memoMatchRoutes", () => {
  it("equals matchRoutes for every path, on the first call and on remembered calls, with the caller's route objects", () => {
    const memo = memoMatchRoutes(matchRoutes as never) as unknown as typeof matchRoutes;
    for (let round = 0; round < 3; round++) {
      const routes = tree(); // new objects of the same shape every round
      for (const p of PATHS) {
        for (const loc of [p, { pathname: p.split(/[?#]/)[0] }]) {
          const want = matchRoutes(routes, loc);
          const got = memo(routes, loc);
          expect(got).toEqual(want);
          got?.forEach((m, i) => expect(m.route).toBe(want![i].route));
        }
      }
    }
  });

  it("keeps basenames apart and gives fresh params objects (a caller changing one does not change the next)", () => {
    const memo = memoMatchRoutes(matchRoutes as never) as unknown as typeof matchRoutes;
    const routes = tree();
    expect(memo(routes, "/app/projects/5", "/app")).toEqual(matchRoutes(routes, "/app/projects/5", "/app"));
    expect(memo(routes, "/app/projects/5")).toEqual(matchRoutes(routes, "/app/projects/5"));
    const first = memo(routes, "/projects/5")!;
    first[first.length - 1].params.projectId = "changed";
    expect(memo(routes, "/projects/5")![2].params.projectId).toBe("5");
  });

  it("a tree of another shape never gets a result remembered for the first", () => {
    const memo = memoMatchRoutes(matchRoutes as never) as unknown as typeof matchRoutes;
    const a = tree();
    expect(memo(a, "/projects/5")![2].route.id).toBe("routes/_app.projects.$projectId");
    const b = tree();
    b[0].children![2].children!.splice(2, 1); // no /projects/:projectId
    expect(memo(b, "/projects/5")).toEqual(matchRoutes(b, "/projects/5"));
    expect(memo(b, "/projects/5")![2].route.id).toBe("routes/_app.$");
  });
});
