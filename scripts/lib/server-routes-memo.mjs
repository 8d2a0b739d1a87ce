// @ts-check
// Remix's server route objects built once per build instead of twice per page (docs/decisions/268).
//
// RemixServer (@remix-run/react, the document render) calls createServerRoutes(manifest.routes, routeModules,
// future, isSpaMode) on every render: a route object per route of the app (~110, each with its component, error
// boundary and a no-op loader); createStaticRouter (react-router-dom/server) then copies them into data routes
// with @remix-run/router's convertRoutesToDataRoutes (another ~110 objects and a React element each). Both are only
// read afterwards (nothing on the server mutates them: lazy routes and route patching are client-side), and their
// inputs do not change while the server runs: the manifest's routes and `future` are the build's own objects, and
// routeModules, though a new object per request (server-runtime's createEntryRouteModules), maps the same route
// ids to the same module objects. So each gives back its last result while its inputs are the same objects (the
// modules compared one by one; convertRoutesToDataRoutes's caller-supplied id map is filled as the original
// fills it); anything else is computed as before. The route-match memo (route-match-memo.mjs) then also finds
// the render's route tree by identity instead of serialising its shape per request.
import { createRequire } from "node:module";
import path from "node:path";

/**
 * @typedef {Record<string, unknown>} Modules
 * @typedef {(manifest: object, routeModules: Modules, future: unknown, isSpaMode: unknown, ...rest: unknown[]) => unknown} CreateServerRoutes
 */

/** @param {Modules} a @param {Modules} b */
function sameModules(a, b) {
  let n = 0;
  for (const id in b) {
    if (a[id] !== b[id]) return false;
    n++;
  }
  return n === Object.keys(a).length;
}

/**
 * createServerRoutes remembering its last result for the same inputs.
 * @param {CreateServerRoutes} original
 * @returns {CreateServerRoutes}
 */
export function memoCreateServerRoutes(original) {
  /** @type {{ manifest: object, modules: Modules, future: unknown, isSpaMode: unknown, routes: unknown } | null} */
  let last = null;
  return function createServerRoutes(manifest, routeModules, future, isSpaMode, ...rest) {
    if (rest.length || !manifest || !routeModules) {
      return Reflect.apply(original, undefined, [manifest, routeModules, future, isSpaMode, ...rest]);
    }
    if (
      last &&
      last.manifest === manifest &&
      last.future === future &&
      last.isSpaMode === isSpaMode &&
      sameModules(last.modules, routeModules)
    ) {
      return last.routes;
    }
    const routes = original(manifest, routeModules, future, isSpaMode);
    last = { manifest, modules: { ...routeModules }, future, isSpaMode, routes };
    return routes;
  };
}

/**
 * @typedef {(routes: unknown, mapRouteProperties: unknown, parentPath?: unknown, manifest?: Record<string, unknown>) => unknown} ConvertRoutes
 */

/**
 * convertRoutesToDataRoutes remembering its result per routes array (by identity) and mapRouteProperties, for
 * top-level calls with a fresh id map (the original's invariant: ids are unique within that map).
 * @param {ConvertRoutes} original
 * @returns {ConvertRoutes}
 */
export function memoConvertRoutesToDataRoutes(original) {
  /** @type {WeakMap<object, { map: unknown, dataRoutes: unknown, manifest: Record<string, unknown> }>} */
  const memo = new WeakMap();
  return function convertRoutesToDataRoutes(routes, mapRouteProperties, parentPath, manifest, ...rest) {
    const fresh = manifest === undefined || (manifest && Object.keys(manifest).length === 0);
    if (rest.length || parentPath !== undefined || !fresh || !Array.isArray(routes)) {
      return Reflect.apply(original, undefined, [routes, mapRouteProperties, parentPath, manifest, ...rest]);
    }
    const hit = memo.get(routes);
    if (hit && hit.map === mapRouteProperties) {
      if (manifest) Object.assign(manifest, hit.manifest);
      return hit.dataRoutes;
    }
    /** @type {Record<string, unknown>} */
    const ids = {};
    const dataRoutes = original(routes, mapRouteProperties, undefined, ids);
    memo.set(routes, { map: mapRouteProperties, dataRoutes, manifest: { ...ids } });
    if (manifest) Object.assign(manifest, ids);
    return dataRoutes;
  };
}

let installed = false;
/**
 * Replaces the createServerRoutes export of @remix-run/react's routes module (RemixServer calls it through the
 * module object) and @remix-run/router's UNSAFE_convertRoutesToDataRoutes export (createStaticRouter calls it
 * through the module object). Call before the build loads.
 */
export function installServerRoutesMemo() {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const routes = require(path.join(path.dirname(require.resolve("@remix-run/react")), "routes.js"));
  routes.createServerRoutes = memoCreateServerRoutes(routes.createServerRoutes);
  const router = require("@remix-run/router");
  router.UNSAFE_convertRoutesToDataRoutes = /** @type {any} */ (
    memoConvertRoutesToDataRoutes(/** @type {any} */ (router.UNSAFE_convertRoutesToDataRoutes))
  );
}
