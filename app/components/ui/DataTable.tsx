// Server-driven table: TanStack Table in manual sorting/pagination mode. The URL is the state; sort headers
// and pager are plain links, so the table works before JavaScript loads and the back button just works.
import { Link, useLocation } from "@remix-run/react";
import {
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import type { ReactNode } from "react";
import { Pager } from "./Pager";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

export const dataTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type DataTableFeatures = typeof dataTableFeatures;
// a column of any value type: TanStack infers each column's value, a table mixes them
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DataTableColumn<T extends RowData> = ColumnDef<DataTableFeatures, T, any>;

export interface DataTableProps<T extends RowData> {
  caption: string;
  columns: DataTableColumn<T>[];
  data: T[];
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  dir: "asc" | "desc";
  getRowId: (row: T) => string;
  empty?: ReactNode;
  /** Column ids rendered as numbers (right-aligned). */
  numeric?: string[];
  /** Prefix of the sort/dir/page URL keys, for two tables on one page ("o" → osort, odir, opage). */
  paramPrefix?: string;
}

/** A column's header as text: the label a phone card shows before each value (issue 20 §1). */
function headerText(header: unknown, id: string) {
  return typeof header === "string" ? header : id;
}

export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const location = useLocation();
  const sorting: SortingState = [{ id: props.sort, desc: props.dir === "desc" }];
  const table = useTable({
    features: dataTableFeatures,
    columns: props.columns,
    data: props.data,
    getRowId: props.getRowId,
    manualSorting: true,
    manualPagination: true,
    rowCount: props.total,
    state: { sorting, pagination: { pageIndex: props.page - 1, pageSize: props.pageSize } },
  });

  const prefix = props.paramPrefix ?? "";
  const hrefWith = (changes: Record<string, string | null>) => {
    const sp = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) sp.delete(prefix + k);
      else sp.set(prefix + k, v);
    }
    return `${location.pathname}?${sp.toString()}`;
  };

  const numeric = new Set(props.numeric ?? []);
  const rows = table.getRowModel().rows;
  return (
    <div {...TABLE_WRAP}>
      <table className="data-table">
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((header) => {
                const col = header.column;
                const sorted = col.getIsSorted();
                const canSort = col.getCanSort();
                const label = <table.FlexRender header={header} />;
                const nextDir =
                  sorted === "asc" ? "desc" : sorted === "desc" ? "asc" : col.id === "name" ? "asc" : "desc";
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={numeric.has(col.id) ? "num" : undefined}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {canSort ? (
                      <Link
                        to={hrefWith({ sort: col.id, dir: nextDir, page: null })}
                        preventScrollReset
                        className="sort-link"
                        aria-label={`按${headerText(col.columnDef.header, col.id)}${nextDir === "asc" ? "升序" : "降序"}排序`}
                      >
                        {label}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                        </span>
                      </Link>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} className="empty">
                {props.empty ?? "没有符合条件的记录"}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={numeric.has(cell.column.id) ? "num" : undefined}
                    data-label={headerText(cell.column.columnDef.header, cell.column.id)}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      <Pager
        total={props.total}
        page={props.page}
        pageSize={props.pageSize}
        hrefFor={(p) => hrefWith({ page: String(p) })}
      />
    </div>
  );
}
