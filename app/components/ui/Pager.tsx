import { Link } from "@remix-run/react";

export function Pager({
  total,
  page,
  pageSize,
  hrefFor,
}: {
  total: number;
  page: number;
  pageSize: number;
  hrefFor: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const window = pageWindow(page, pages);
  return (
    <nav className="pager" aria-label="分页">
      <span className="pager-info">
        共 {total} 条，第 {from}–{to} 条
      </span>
      <span className="pager-links">
        {page > 1 ? (
          <Link to={hrefFor(page - 1)} rel="prev" preventScrollReset>
            上一页
          </Link>
        ) : (
          <span aria-disabled="true" className="disabled">
            上一页
          </span>
        )}
        {window.map((p, i) =>
          p === null ? (
            <span key={`gap${i}`} className="gap">
              …
            </span>
          ) : p === page ? (
            <span key={p} aria-current="page" className="current">
              {p}
            </span>
          ) : (
            <Link key={p} to={hrefFor(p)} aria-label={`第 ${p} 页`} preventScrollReset>
              {p}
            </Link>
          ),
        )}
        {page < pages ? (
          <Link to={hrefFor(page + 1)} rel="next" preventScrollReset>
            下一页
          </Link>
        ) : (
          <span aria-disabled="true" className="disabled">
            下一页
          </span>
        )}
      </span>
    </nav>
  );
}

/** 1 … 4 5 [6] 7 8 … 20 */
export function pageWindow(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  const lo = Math.max(2, page - 2);
  const hi = Math.min(pages - 1, page + 2);
  out.push(1);
  if (lo > 2) out.push(null);
  for (let p = lo; p <= hi; p++) out.push(p);
  if (hi < pages - 1) out.push(null);
  if (pages > 1) out.push(pages);
  return out;
}
