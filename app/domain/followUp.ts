// Follow-ups on 招商线索 (issue 22 item 3, docs/decisions/151): when a lead counts as 沉睡 (no touch for 30 days)
// and when its 下次跟进 date is overdue. Only open leads (接触/考察/洽谈) are followed up; signed and abandoned ones
// are done. A touch is a logged contact or a stage move; before any, the first contact is the last touch.
import { addDays, daysBetween, type IsoDate } from "./dates";
import { OPEN_LEAD_STAGES } from "./leadForms";

export { OPEN_LEAD_STAGES };
export const DORMANT_DAYS = 30;
export type OpenLeadStage = (typeof OPEN_LEAD_STAGES)[number];

export function isOpenLeadStage(stage: string): stage is OpenLeadStage {
  return (OPEN_LEAD_STAGES as readonly string[]).includes(stage);
}

/** The later of the first contact and the last touch. */
export function lastTouch(firstContactOn: IsoDate, lastTouchOn: IsoDate | null): IsoDate {
  return lastTouchOn && lastTouchOn > firstContactOn ? lastTouchOn : firstContactOn;
}

/** A lead whose last touch is on or before this day sleeps today. */
export function dormantCutoff(today: IsoDate): IsoDate {
  return addDays(today, -DORMANT_DAYS);
}

/** Days since the last touch when the open lead sleeps (≥ 30), else null. */
export function dormantDays(
  lead: { stage: string; firstContactOn: IsoDate; lastTouchOn: IsoDate | null },
  today: IsoDate,
): number | null {
  if (!isOpenLeadStage(lead.stage)) return null;
  const days = daysBetween(lastTouch(lead.firstContactOn, lead.lastTouchOn), today);
  return days >= DORMANT_DAYS ? days : null;
}

/** Days a next follow-up is overdue (its date is before today) for an open lead, else null. */
export function overdueDays(lead: { stage: string; nextFollowUpOn: IsoDate | null }, today: IsoDate): number | null {
  if (!isOpenLeadStage(lead.stage) || !lead.nextFollowUpOn || lead.nextFollowUpOn >= today) return null;
  return daysBetween(lead.nextFollowUpOn, today);
}

/** The touch date to keep after a new touch on `on`: a touch logged late does not move the last touch back. */
export function touchedOn(previous: IsoDate | null, on: IsoDate): IsoDate {
  return previous && previous > on ? previous : on;
}
