// 企业库 (issue 15 §1, docs/decisions/113): the enterprises in the viewer's scope — the city's roles all, a county
// those of its county or investing in it, a team those assigned to it or with its projects. Search by name or by
// 统一社会信用代码 (a code with a wrong check digit is refused next to the box), filters and paging in the URL.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { ListFilterForm } from "~/components/ui/ListFilterForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { parseEnterpriseListQuery } from "~/domain/enterpriseListQuery.server";
import { canEditEnterprise } from "~/domain/permissions";
import { listEnterprises, type EnterpriseRow } from "~/models/enterprise.server";
import { registerFilterOptions } from "~/models/project.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "企业库 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "enterprises");
  const query = parseEnterpriseListQuery(new URL(request.url).searchParams);
  const [result, options] = await Promise.all([listEnterprises(viewer, query), registerFilterOptions()]);
  return { query, ...result, options, canCreate: canEditEnterprise(viewer) };
}

const col = createColumnHelper<DataTableFeatures, EnterpriseRow>();
const columns = [
  col.accessor("name", {
    header: "企业名称",
    cell: (c) => {
      const r = c.row.original;
      return (
        <div>
          <Link to={`/enterprises/${r.id}`}>{r.name}</Link>
          {r.isKeyEnterprise ? <span className="badge green"> 优势企业</span> : null}
        </div>
      );
    },
  }),
  col.accessor("creditCode", { header: "统一社会信用代码", enableSorting: false }),
  col.accessor((r) => r.county ?? "", {
    id: "county",
    header: "县区",
    enableSorting: false,
    cell: (c) => c.getValue() || "—",
  }),
  col.accessor((r) => r.team?.name ?? "", {
    id: "team",
    header: "服务小组",
    enableSorting: false,
    cell: (c) => c.getValue() || "—",
  }),
  col.accessor("projectCount", { header: "项目数", enableSorting: false }),
  col.accessor("updatedAt", {
    header: "最近更新",
    cell: (c) => <span className="nowrap">{formatChinaDateTime(c.getValue())}</span>,
  }),
];

export default function EnterpriseRegistry() {
  const { query, rows, total, badCode, options, canCreate } = useLoaderData<typeof loader>();
  const hasFilters = Boolean(query.q || query.county || query.industry || query.team || query.key);
  return (
    <>
      <div className="page-head">
        <h1>企业库</h1>
        <span className="muted">共 {total} 家企业</span>
        <div className="actions">
          {canCreate ? (
            <Link className="button primary" to="/enterprises/new">
              登记企业
            </Link>
          ) : null}
        </div>
      </div>
      <ListFilterForm
        label="筛选企业"
        hidden={{ sort: query.sort, dir: query.dir }}
        sizeId="f-size"
        size={query.size}
        hasFilters={hasFilters}
        clearTo="/enterprises"
      >
        <div className="field">
          <label htmlFor="f-q">搜索企业</label>
          <input
            id="f-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            placeholder="企业名称或统一社会信用代码"
            aria-invalid={badCode ? true : undefined}
            aria-describedby={badCode ? "f-q-error" : undefined}
          />
          {badCode ? (
            <p id="f-q-error" className="field-error" role="alert">
              {badCode}
            </p>
          ) : null}
        </div>
        <FilterSelect
          id="f-county"
          name="county"
          label="县区"
          value={query.county}
          options={options.counties.map((c) => [c.id, c.name])}
        />
        <FilterSelect
          id="f-industry"
          name="industry"
          label="产业"
          value={query.industry}
          options={options.industries.map((c) => [c.id, c.name])}
        />
        <FilterSelect
          id="f-key"
          name="key"
          label="优势企业"
          value={query.key}
          options={[
            ["1", "是"],
            ["0", "否"],
          ]}
        />
        <FilterSelect
          id="f-team"
          name="team"
          label="服务小组"
          value={query.team}
          options={options.teams.map((t) => [t.id, t.name])}
        />
      </ListFilterForm>
      <DataTable
        caption="企业库"
        columns={columns}
        data={rows}
        total={total}
        page={query.page}
        pageSize={query.size}
        sort={query.sort}
        dir={query.dir}
        getRowId={(r) => String(r.id)}
        numeric={["projectCount"]}
        empty={hasFilters ? "没有符合筛选条件的企业，请调整或清除筛选。" : "暂无企业。"}
      />
    </>
  );
}
