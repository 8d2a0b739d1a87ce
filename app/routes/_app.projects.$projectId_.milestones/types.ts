import type { SerializeFrom } from "@remix-run/node";
import type { loader } from "./route";

export type MilestonesData = SerializeFrom<typeof loader>;
export type StageRow = MilestonesData["milestones"][number];
