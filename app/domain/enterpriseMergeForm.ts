// The merge form (docs/decisions/118): which record is the duplicate, and the versions of both records as the
// user saw them when confirming — a change to either in between makes the merge a 409.
import * as z from "zod/mini";
import { idField, versionField } from "./formFields";

export const EnterpriseMergeForm = z.object({
  duplicateId: idField("请选择要并入的重复记录"),
  survivorVersion: versionField(),
  duplicateVersion: versionField(),
});
export type EnterpriseMergeValues = z.output<typeof EnterpriseMergeForm>;
