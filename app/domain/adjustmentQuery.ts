// The dynamic adjustment screen's sort keys and page size (client-safe); the URL schema is in
// adjustmentQuery.server.ts.
export const OUT_SORTS = ["lag", "name", "annual"] as const;
export const IN_SORTS = ["stage", "name", "annual"] as const;
export const ADJUSTMENT_PAGE_SIZE = 20;
