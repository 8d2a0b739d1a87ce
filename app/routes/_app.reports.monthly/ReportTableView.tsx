import { Link } from "@remix-run/react";
import { formatCell, type ReportCell, type ReportColumn, type ReportTable } from "~/domain/monthlyReport";

function CellView({ cell, href }: { cell: ReportCell; href?: string }) {
  const text = formatCell(cell);
  if (cell?.t === "rag") return <span className={`badge rag-${cell.v}`}>{text}</span>;
  if (href) return <Link to={href}>{text}</Link>;
  return <>{text}</>;
}

const cellClass = (c: ReportColumn) =>
  [c.numeric ? "num" : "", c.nowrap ? "nowrap" : "", c.wide ? "wide" : ""].filter(Boolean).join(" ") || undefined;

/**
 * One section of the 月度通报: heading, lead sentence, its table (or the empty message) and note. `instructMonth`
 * (a leader's view): each row gets a 作出批示 link that opens the 批示 form with the 通报 month and the row as its
 * subject (issue 17: a 督办事项 created from a row of the monthly 通报).
 */
export function ReportTableView({ table, instructMonth }: { table: ReportTable; instructMonth?: string | null }) {
  const id = `report-${table.key}`;
  // the first text cell of a row carries its link (project or issue)
  const linkAt = (cells: ReportCell[]) => cells.findIndex((c) => c?.t === "text");
  return (
    <section className={`report-section card${table.rows.length <= 18 ? " keep" : ""}`} aria-labelledby={id}>
      <h2 id={id}>{table.title}</h2>
      <p className="report-lead">{table.lead}</p>
      {table.rows.length ? (
        <div className="table-wrap flat" tabIndex={0} role="region" aria-label={`${table.caption}（可横向滚动）`}>
          <table className="plain report-table">
            <caption className="sr-only">{table.caption}</caption>
            <thead>
              <tr>
                {table.columns.map((c, i) => (
                  <th key={i} scope="col" className={cellClass(c)}>
                    {c.header}
                  </th>
                ))}
                {instructMonth ? (
                  <th scope="col" className="nowrap no-print">
                    领导批示
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, ri) => {
                const at = r.href ? linkAt(r.cells) : -1;
                return (
                  <tr key={ri} className={r.total ? "total" : undefined}>
                    {r.cells.map((c, ci) =>
                      ci === 0 ? (
                        <th key={ci} scope="row" className={cellClass(table.columns[ci])}>
                          <CellView cell={c} href={ci === at ? r.href : undefined} />
                        </th>
                      ) : (
                        <td key={ci} className={cellClass(table.columns[ci])}>
                          <CellView cell={c} href={ci === at ? r.href : undefined} />
                        </td>
                      ),
                    )}
                    {instructMonth ? (
                      <td className="nowrap no-print">
                        {r.total ? null : (
                          <InstructLink month={instructMonth} subject={`${table.title}：${formatCell(r.cells[0])}`} />
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty-state">{table.empty}</p>
      )}
      {table.note ? <p className="muted small report-note">{table.note}</p> : null}
    </section>
  );
}

function InstructLink({ month, subject }: { month: string; subject: string }) {
  const title = subject.slice(0, 120);
  return (
    <Link to={`/supervision/new?${new URLSearchParams({ month, title })}`} aria-label={`对「${title}」作出批示`}>
      作出批示
    </Link>
  );
}
