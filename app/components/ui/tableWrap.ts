/**
 * A table's horizontal scroll container: focusable and named, so keyboard users can scroll it (axe:
 * scrollable-region-focusable). Spread on the wrapping element: `<div {...TABLE_WRAP}>`.
 */
export const TABLE_WRAP = {
  className: "table-wrap",
  tabIndex: 0,
  role: "region",
  "aria-label": "数据表（可横向滚动）",
} as const;
