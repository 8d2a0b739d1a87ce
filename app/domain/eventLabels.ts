// 推介活动 types in Chinese (docs/decisions/181).
export const EVENT_KIND_LABELS = {
  PROMOTION: "推介会",
  EXPO: "博览会",
  DELEGATION: "客商来访团",
} as const;
export type EventKind = keyof typeof EVENT_KIND_LABELS;

/** The lead table filtered to an event's leads (its signed ones with `signed`). */
export function eventLeadsHref(id: number, signed = false): string {
  return `/leads?view=table&event=${id}${signed ? "&stage=SIGNED" : ""}`;
}
