// The remembered server route objects (docs/decisions/268) are exactly what @remix-run/react's createServerRoutes
// and @remix-run/router's convertRoutesToDataRoutes build, given back only while their inputs are the same objects.
import { createRequire } from "node:module";
import path from "node:path";
import { UNSAFE_convertRoutesToDataRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";
import { memoConvertRoutesToDataRoutes, memoCreateServerRoutes } from "./server-routes-memo.mjs";

const require = createRequire(import.meta.url);
const { createServerRoutes } = require(path.join(path.dirname(require.resolve("@remix-run/react")), "routes.js")) as {
  createServerRoutes: (manifest: object, modules: object, future: object, isSpaMode: boolean) => Route[];
};
type Route = { id: string; path?: string; index?: boolean; children?: Route[]; [k: string]: unknown };
type Convert = (routes: Route[], map: (r: Route) => object, parentPath?: string[], manifest?: object) => Route[];
const convert = UNSAFE_convertRoutesToDataRoutes as unknown as Convert;

const manifest = {
  root: { id: "root", path: "", hasLoader: true },
  "routes/_app": { id: "routes/_app", parentId: "root", hasLoader: true },
  "routes/_app._index": { id: "routes/_app._index", parentId: "routes/_app", index: true, hasLoader: true },
  "routes/_app.projects": { id: "routes/_app.projects", parentId: "routes/_app", path: "projects" },
  "routes/_app.$": { id: "routes/_app.$", parentId: "routes/_app", path: "*", hasLoader: true },
  "routes/login": { id: "routes/login", parentId: "root", path: "login" },
};
const component = (name: string) => Object.assign(() => null, { displayName: name });
const modules: Record<string, object> = Object.fromEntries(
  Object.keys(manifest).map((id) => [id, { default: component(id), ErrorBoundary: component(`${id} error`) }]),
);
const future = { v3_singleFetch: true };
/** what server-runtime passes on every request: a new object of the same modules */
const routeModules = () => ({ ...modules });
/**
 * The routes with each function as its name and source: createServerRoutes makes a new no-op loader (and root
 * wrappers) per call, so two of its own results are equal only up to those functions' identity.
 */
const plain = (x: unknown): unknown =>
  JSON.parse(
    JSON.stringify(x, (_k, v: unknown) =>
      typeof v === "function" ? `fn ${(v as { displayName?: string }).displayName ?? ""} ${String(v)}` : v,
    ),
  );

describe("memoCreateServerRoutes", () => {
  it("builds what createServerRoutes builds, once, while the manifest, future and modules are the same", () => {
    const memo = memoCreateServerRoutes(createServerRoutes as never) as typeof createServerRoutes;
    const first = memo(manifest, routeModules(), future, false);
    expect(plain(first)).toEqual(plain(createServerRoutes(manifest, routeModules(), future, false)));
    expect(memo(manifest, routeModules(), future, false)).toBe(first);
  });

  it("builds anew when a module, the manifest, future or the SPA flag differ", () => {
    const memo = memoCreateServerRoutes(createServerRoutes as never) as typeof createServerRoutes;
    const first = memo(manifest, routeModules(), future, false);
    const changed = { ...routeModules(), "routes/login": { default: component("new login") } };
    const second = memo(manifest, changed, future, false);
    expect(second).not.toBe(first);
    expect(plain(second)).toEqual(plain(createServerRoutes(manifest, changed, future, false)));
    expect(plain(second)).not.toEqual(plain(first));
    expect(memo(manifest, { ...changed, extra: {} }, future, false)).not.toBe(second);
    const third = memo(manifest, routeModules(), future, false);
    expect(memo({ ...manifest }, routeModules(), future, false)).not.toBe(third);
    expect(memo(manifest, routeModules(), { ...future }, false)).not.toBe(third);
  });
});

describe("memoConvertRoutesToDataRoutes", () => {
  const map = (r: Route) => ({ hasErrorBoundary: r.ErrorBoundary != null });
  it("gives the same data routes for the same routes array and fills the caller's id map as the original does", () => {
    const memo = memoConvertRoutesToDataRoutes(convert as never) as Convert;
    const routes = createServerRoutes(manifest, routeModules(), future, false);
    const wantIds = {};
    const want = convert(routes, map, undefined, wantIds);
    const ids1: Record<string, Route> = {};
    const first = memo(routes, map, undefined, ids1);
    expect(plain(first)).toEqual(plain(want));
    expect(plain(ids1)).toEqual(plain(wantIds));
    const ids2: Record<string, Route> = {};
    expect(memo(routes, map, undefined, ids2)).toBe(first);
    expect(Object.keys(ids2)).toEqual(Object.keys(wantIds));
    for (const [id, r] of Object.entries(ids1)) expect(ids2[id]).toBe(r);
    expect(ids2["routes/_app.$"]).toBe(first[0].children![0].children![2]);
  });

  it("converts anew for another routes array, another mapRouteProperties, nested calls or a used id map", () => {
    const memo = memoConvertRoutesToDataRoutes(convert as never) as Convert;
    const routes = createServerRoutes(manifest, routeModules(), future, false);
    const first = memo(routes, map, undefined, {});
    const other = createServerRoutes(manifest, routeModules(), future, false);
    expect(memo(other, map, undefined, {})).not.toBe(first);
    expect(memo(routes, (r: Route) => ({ ...map(r), x: 1 }), undefined, {})).not.toBe(first);
    expect(memo(routes, map, ["0"], {})).not.toBe(first);
    expect(() => memo(routes, map, undefined, { root: {} })).toThrow(/collision/);
  });
});
