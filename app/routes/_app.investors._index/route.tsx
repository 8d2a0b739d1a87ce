// 客商库 (issue 22 §1, docs/decisions/175): the investors in the viewer's scope — the city's roles all, a county those
// it keeps and those behind its leads. One search box finds an investor by its name, a contact's name or a phone
// number (digits, separators ignored; only for roles that see phones); filters, sort and paging in the URL.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { ListFilterForm } from "~/components/ui/ListFilterForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { parseInvestorListQuery } from "~/domain/investorListQuery.server";
import { SOURCE_REGION_LABELS } from "~/domain/labels";
import { canEditInvestor, seesInvestorContacts } from "~/domain/permissions";
import { investorFormOptions, listInvestors, type InvestorRow } from "~/models/investor.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "客商库 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "investors");
  const query = parseInvestorListQuery(new URL(request.url).searchParams);
  const [result, options] = await Promise.all([listInvestors(viewer, query), investorFormOptions(viewer)]);
  return {
    query,
    ...result,
    industries: options.industries,
    canCreate: canEditInvestor(viewer),
    phoneSearch: seesInvestorContacts(viewer),
  };
}

const col = createColumnHelper<DataTableFeatures, InvestorRow>();
const columns = [
  col.accessor("name", {
    header: "客商名称",
    cell: (c) => <Link to={`/investors/${c.row.original.id}`}>{c.getValue()}</Link>,
  }),
  col.accessor("sourceRegion", { header: "来源地", enableSorting: false }),
  col.accessor((r) => r.industry ?? "", {
    id: "industry",
    header: "产业",
    enableSorting: false,
    cell: (c) => c.getValue() || "—",
  }),
  col.accessor("contacts", { header: "联系人", enableSorting: false, cell: (c) => c.getValue() || "—" }),
  col.accessor((r) => r.enterprise?.name ?? "", {
    id: "enterprise",
    header: "企业库",
    enableSorting: false,
    cell: (c) => {
      const e = c.row.original.enterprise;
      return e ? <Link to={`/enterprises/${e.id}`}>已登记</Link> : <span className="muted">未登记</span>;
    },
  }),
  col.accessor("leadCount", { header: "线索数", enableSorting: false }),
  col.accessor("updatedAt", {
    header: "最近更新",
    cell: (c) => <span className="nowrap">{formatChinaDateTime(c.getValue())}</span>,
  }),
];

export default function InvestorList() {
  const { query, rows, total, industries, canCreate, phoneSearch } = useLoaderData<typeof loader>();
  const hasFilters = Boolean(query.q || query.source || query.industry);
  return (
    <>
      <div className="page-head">
        <h1>客商库</h1>
        <span className="muted">共 {total} 家客商</span>
        <div className="actions">
          {canCreate ? (
            <Link className="button primary" to="/investors/new">
              登记客商
            </Link>
          ) : null}
        </div>
      </div>
      <ListFilterForm
        label="筛选客商"
        hidden={{ sort: query.sort, dir: query.dir }}
        sizeId="f-size"
        size={query.size}
        hasFilters={hasFilters}
        clearTo="/investors"
      >
        <div className="field">
          <label htmlFor="f-q">搜索客商</label>
          <input
            id="f-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            placeholder={phoneSearch ? "客商名称、联系人或电话" : "客商名称或联系人"}
          />
        </div>
        <FilterSelect
          id="f-source"
          name="source"
          label="来源地"
          value={query.source}
          options={Object.entries(SOURCE_REGION_LABELS)}
        />
        <FilterSelect
          id="f-industry"
          name="industry"
          label="产业"
          value={query.industry}
          options={industries.map((c) => [c.id, c.name])}
        />
      </ListFilterForm>
      <DataTable
        caption="客商库"
        columns={columns}
        data={rows}
        total={total}
        page={query.page}
        pageSize={query.size}
        sort={query.sort}
        dir={query.dir}
        getRowId={(r) => String(r.id)}
        numeric={["leadCount"]}
        empty={hasFilters ? "没有符合条件的客商，请调整或清除筛选。" : "暂无客商。"}
      />
    </>
  );
}
