// The upload form's schema, shared by the browser (react-hook-form) and the action. zod/mini: it ships to the
// browser. The file arrives as a FileList in the browser and as a File on the server.
import * as z from "zod/mini";
import { MAX_UPLOAD_MB } from "~/domain/importSpec";

type FileLike = { name: string; size: number };

export function firstFile(v: unknown): FileLike | null {
  if (v && typeof v === "object" && "length" in v && typeof (v as ArrayLike<unknown>).length === "number") {
    return firstFile((v as ArrayLike<unknown>)[0]);
  }
  if (v && typeof v === "object" && "name" in v && "size" in v) return v as FileLike;
  return null;
}

export const UploadForm = z.object({
  kind: z.enum(["projects", "deals"], { error: "请选择导入的数据类型" }),
  file: z.custom<unknown>().check(
    z.refine((v) => {
      const f = firstFile(v);
      return Boolean(f && f.name && f.size > 0);
    }, "请选择要导入的文件"),
    z.refine((v) => {
      const f = firstFile(v);
      return !f || !f.name || /\.(xlsx|csv)$/i.test(f.name);
    }, "只能导入 .xlsx 或 .csv 文件（旧版 .xls 请先在 Excel 中另存为 .xlsx）"),
    z.refine((v) => {
      const f = firstFile(v);
      return !f || f.size <= MAX_UPLOAD_MB * 1024 * 1024;
    }, `文件不能超过 ${MAX_UPLOAD_MB} MB，请拆分后分别导入`),
  ),
});
