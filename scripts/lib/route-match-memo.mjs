// @ts-check
// Route matching remembered per route tree and path (docs/decisions/245).
//
// @remix-run/router's matchRoutes(routes, location, basename) flattens the whole route tree, ranks every branch and
// compiles a regular expression per branch it tries — on every call, and a document request calls it four or five
// times (Remix's request handler, the static router's render, the lazy-route-discovery manifest, the metrics
// label). With ~110 routes that was 2–5 ms of CPU per request, most of the in-app 404 shell's cost (a path that
// matches nothing until the splat tries every branch).
//
// The result is a pure function of the tree's shape (ids, paths, index and case-sensitivity flags, nesting), the
// pathname and the basename. Remix builds new route objects for every render, so the memo is keyed by the tree's
// shape rather than its identity, and a remembered result is given back with the caller's own route objects (found
// by their position in the tree) and fresh match and params objects, exactly what matchRoutes would have returned.
// Calls it does not understand (other arguments) go to the original. At most 2,000 paths per tree shape.
import { createRequire } from "node:module";
import { LRUCache } from "lru-cache";

/**
 * @typedef {{ id?: string, path?: string, index?: boolean, caseSensitive?: boolean, children?: Route[] }} Route
 * @typedef {{ params: Record<string, string | undefined>, pathname: string, pathnameBase: string, route: Route }} Match
 * @typedef {{ at: number[], params: Record<string, string | undefined>, pathname: string, pathnameBase: string }} Kept
 */

/** @type {WeakMap<Route[], string>} */
const shapeOf = new WeakMap();
/** @param {Route[]} routes @returns {unknown[]} */
const shape = (routes) =>
  routes.map((r) => [
    r.id ?? null,
    r.path ?? null,
    r.index ? 1 : 0,
    r.caseSensitive ? 1 : 0,
    r.children ? shape(r.children) : null,
  ]);

/** @param {Route[]} routes */
function shapeKey(routes) {
  let key = shapeOf.get(routes);
  if (key === undefined) {
    key = JSON.stringify(shape(routes));
    shapeOf.set(routes, key);
  }
  return key;
}

/** Index path of each match's route in the tree (matches run from the root down). @param {Route[]} routes @param {Match[]} matches */
function positions(routes, matches) {
  /** @type {number[][]} */
  const out = [];
  let level = routes;
  /** @type {number[]} */
  let at = [];
  for (const m of matches) {
    const i = level.indexOf(m.route);
    if (i < 0) return null;
    at = [...at, i];
    out.push(at);
    level = m.route.children ?? [];
  }
  return out;
}

/**
 * A memoised matchRoutes with the original's signature.
 * @param {(routes: Route[], location: string | { pathname?: string }, basename?: string) => Match[] | null} original
 */
export function memoMatchRoutes(original, { max = 2000 } = {}) {
  /** @type {Map<string, LRUCache<string, { kept: Kept[] | null }>>} */
  const byShape = new Map();
  /** @param {Route[]} routes @param {string | { pathname?: string }} location @param {string} [basename] @param {unknown[]} rest */
  function matchRoutes(routes, location, basename, ...rest) {
    if (rest.length || !Array.isArray(routes) || (basename !== undefined && typeof basename !== "string"))
      return Reflect.apply(original, undefined, [routes, location, basename, ...rest]);
    const pathname =
      typeof location === "string"
        ? location.split(/[?#]/, 1)[0]
        : location && typeof location === "object"
          ? location.pathname
          : undefined;
    if (typeof pathname !== "string") return original(routes, location, basename);
    const sk = shapeKey(routes);
    let cache = byShape.get(sk);
    if (!cache) {
      cache = new LRUCache({ max });
      if (byShape.size > 16) byShape.clear(); // route trees are few (one per build); never grows without bound
      byShape.set(sk, cache);
    }
    const key = `${basename ?? "/"}\0${pathname}`;
    let hit = cache.get(key);
    if (!hit) {
      const matches = original(routes, location, basename);
      if (!matches) hit = { kept: null };
      else {
        const at = positions(routes, matches);
        if (!at) return matches; // a route not in the tree as given: do not remember
        hit = {
          kept: matches.map((m, i) => ({
            at: at[i],
            params: { ...m.params },
            pathname: m.pathname,
            pathnameBase: m.pathnameBase,
          })),
        };
      }
      cache.set(key, hit);
    }
    if (!hit.kept) return null;
    return hit.kept.map((k) => {
      /** @type {Route | undefined} */
      let route;
      let level = routes;
      for (const i of k.at) {
        route = level[i];
        level = route?.children ?? [];
      }
      return {
        params: { ...k.params },
        pathname: k.pathname,
        pathnameBase: k.pathnameBase,
        route: /** @type {Route} */ (route),
      };
    });
  }
  return matchRoutes;
}

let installed = false;
/**
 * Replaces @remix-run/router's exported matchRoutes (the one Remix's server runtime, react-router and the
 * lazy-route-discovery code call through the module object) with the memoised one. Call before the build loads.
 */
export function installRouteMatchMemo() {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const router = require("@remix-run/router");
  router.matchRoutes = memoMatchRoutes(/** @type {any} */ (router.matchRoutes));
}
