// The funnel's group table rows as one HTML string (docs/decisions/280). Browser-safe: no server imports.
import type { IsoDate } from "~/domain/dates";
import { funnelCellHref, type RegisterFilters } from "~/domain/drilldown";
import { FUNNEL_STAGES, funnelAmount, funnelCount, type KpiAggregates } from "~/domain/kpi";
import { FUNNEL_LABELS } from "~/domain/labels";
import { formatPercent, formatWan, wanToYiString } from "~/domain/money";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const esc = (t: string) => t.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * The group table's rows as HTML, the markup React rendered before: a row header, then per stage the count and the
 * amount, each a plain link to the register (DelegatedLinks navigates client-side), the funding received and three
 * rates. A row's five stage links share one prefix, built once (funnelCellHref per cell was a share of the render).
 */
export function groupRowsHtml(
  rows: { label: string; agg: KpiAggregates; group: RegisterFilters }[],
  year: number,
  asOf: IsoDate,
): string {
  let out = "";
  for (const { label, agg, group } of rows) {
    const l = esc(label);
    const signed = esc(funnelCellHref(year, asOf, "SIGNED", group));
    let tr = `<tr><th scope="row">${l}</th>`;
    for (const s of FUNNEL_STAGES) {
      // funnelCellHref appends reached last: the signed link plus &reached=… is the same URL
      const href = s === "SIGNED" ? signed : `${signed}&amp;reached=${s}`;
      const n = funnelCount(agg, s);
      const a = funnelAmount(agg, s);
      const yi = wanToYiString(a, 2);
      tr +=
        `<td class="num"><a href="${href}" aria-label="${l}${FUNNEL_LABELS[s]} ${n} 个项目">${n}</a></td>` +
        `<td class="num" title="${esc(formatWan(a))}"><a href="${href}" aria-label="${l}${FUNNEL_LABELS[s]}签约额 ${yi} 亿元">${yi}</a></td>`;
    }
    const received = wanToYiString(agg.fundingReceived, 2);
    tr +=
      `<td class="num" title="${esc(formatWan(agg.fundingReceived))}"><a href="${signed}" aria-label="${l}到位资金 ${received} 亿元">${received}</a></td>` +
      `<td class="num">${formatPercent(agg.landCount, agg.signedCount)}</td>` +
      `<td class="num">${formatPercent(agg.startedCount, agg.signedCount)}</td>` +
      `<td class="num">${formatPercent(agg.fundingReceived, agg.signedAmount)}</td></tr>`;
    out += tr;
  }
  return out;
}
