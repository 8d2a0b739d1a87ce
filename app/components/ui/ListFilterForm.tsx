// The GET filter form of a list page: the page's own filters as children, then the tail every list shares — the
// 每页 select, 查询 and 清除筛选 (shown only while a filter is set). The URL is the state (docs/development.md,
// "Tables"): `hidden` carries what the visible fields do not show (sort, a report's drill-down) into the next query.
import { Form, Link, useSubmit } from "@remix-run/react";
import type { ReactNode } from "react";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { PAGE_SIZES } from "~/domain/projectListQuery";

const SIZE_OPTIONS: Array<[number, string]> = PAGE_SIZES.map((s) => [s, `${s} 条`]);

export function ListFilterForm({
  label,
  hidden = {},
  sizeId,
  size,
  hasFilters,
  clearTo,
  children,
}: {
  /** The form's accessible name (role search), e.g. 筛选企业. */
  label: string;
  /** Hidden inputs in this order; empty values are left out. */
  hidden?: Record<string, string | number | null | undefined>;
  sizeId: string;
  /** The page size; null when the page shows no 每页 select (a view without paging). */
  size: number | null;
  hasFilters: boolean;
  clearTo: string;
  children: ReactNode;
}) {
  const submit = useSubmit();
  return (
    <Form
      method="get"
      className="filters"
      role="search"
      aria-label={label}
      onChange={(e) => {
        // Selects apply at once when JavaScript is on; the 查询 button covers the rest.
        if ((e.target as HTMLElement).tagName === "SELECT") submit(e.currentTarget, { preventScrollReset: true });
      }}
    >
      {Object.entries(hidden).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      {children}
      {size !== null ? (
        <FilterSelect id={sizeId} name="size" label="每页" value={size} allLabel={null} options={SIZE_OPTIONS} />
      ) : null}
      <button type="submit" className="primary">
        查询
      </button>
      {hasFilters ? <Link to={clearTo}>清除筛选</Link> : null}
    </Form>
  );
}
