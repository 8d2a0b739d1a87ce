import { describe, expect, it } from "vitest";
import { funnelCellHref } from "~/domain/drilldown";
import { EMPTY_AGGREGATES, FUNNEL_STAGES } from "~/domain/kpi";
import { groupRowsHtml } from "./groupRowsHtml";

describe("groupRowsHtml", () => {
  const agg = { ...EMPTY_AGGREGATES, signedCount: 4, signedAmount: 12345, landCount: 2, landAmount: 10000 };

  it("links every stage's count and amount to funnelCellHref's URL", () => {
    const html = groupRowsHtml([{ label: "榆次区", agg, group: { county: 1 } }], 2017, "2017-06-30");
    for (const s of FUNNEL_STAGES) {
      const href = funnelCellHref(2017, "2017-06-30", s, { county: 1 }).replaceAll("&", "&amp;");
      expect(html.split(`href="${href}"`).length - 1, s).toBe(s === "SIGNED" ? 3 : 2);
    }
    expect(html).toContain('aria-label="榆次区落地 2 个项目">2</a>');
    expect(html).toContain('<td class="num">50.0%</td>');
  });

  it("escapes the label", () => {
    const html = groupRowsHtml([{ label: `<b>"x"&'`, agg, group: {} }], 2017, "2017-06-30");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;b&gt;&quot;x&quot;&amp;&#x27;");
  });
});
