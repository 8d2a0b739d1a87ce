// The one upload pipeline (issue 13 part 3, issue 21; docs/decisions/071-upload-pipeline.md): every form with
// files — milestone evidence, issue attachments, imports — is read here by one streaming multipart reader
// (busboy), with limits applied while reading: file count, bytes per file, field count and size. The total body is
// limited before this by the server (scripts/lib/request-guards.mjs: 11 MB, 31 MB for imports). Anything wrong —
// a broken or truncated body, a file too large, a field that takes no file — is an UploadRejected with a Chinese
// message and a 4xx status, never a 500. Busboy also reads the file names browsers send with `=` or `;` in them,
// which Remix's multipart parser threw on.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import Busboy from "busboy";
import { cleanInputText } from "~/domain/text";
import { sanitizeFileName, UploadRejected } from "~/domain/upload";

export { UploadRejected };

export const BROKEN_UPLOAD = "上传未完成或内容无法读取，请重新选择文件提交";
const MAX_FIELD_BYTES = 64 * 1024;

export interface UploadSpec {
  /** the form fields that may carry files */
  fileFields: readonly string[];
  maxFiles: number;
  maxFileBytes: number;
  /** the message for a file over maxFileBytes (shown next to the input the file came from) */
  tooLarge: (fileName: string, field: string) => string;
  /** the message when more than maxFiles files come (default 附件最多 N 个) */
  tooMany?: string;
}

/**
 * The submitted form as FormData: text fields cleaned (cleanInputText), files as File objects under their field
 * names cleaned by sanitizeFileName (browser-encoded quotes and line breaks decoded, then removed). Empty file inputs are left out. A body
 * that is not multipart (a form without files) is read as a normal form.
 */
export async function readUploadForm(request: Request, spec: UploadSpec): Promise<FormData> {
  const field = spec.fileFields[0]; // where a refusal is shown
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data/i.test(type)) {
    try {
      const fd = await request.formData();
      const out = new FormData();
      for (const [k, v] of fd.entries()) if (typeof v === "string") out.append(cleanInputText(k), cleanInputText(v));
      return out;
    } catch {
      throw new UploadRejected(BROKEN_UPLOAD, 400, field);
    }
  }
  if (!request.body) throw new UploadRejected(BROKEN_UPLOAD, 400, field);
  let parser: Busboy.Busboy;
  try {
    parser = Busboy({
      headers: { "content-type": type },
      defParamCharset: "utf8",
      limits: {
        files: spec.maxFiles,
        fileSize: spec.maxFileBytes,
        fields: 200,
        fieldSize: MAX_FIELD_BYTES,
        parts: 300,
      },
    });
  } catch {
    throw new UploadRejected(BROKEN_UPLOAD, 400, field); // no boundary, or a malformed Content-Type
  }
  const source = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  return new Promise<FormData>((resolve, reject) => {
    const form = new FormData();
    let failed = false;
    const fail = (e: UploadRejected) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.destroy();
      reject(e);
    };
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return fail(new UploadRejected("提交的内容过长", 400, field));
      form.append(cleanInputText(name), cleanInputText(value));
    });
    parser.on("file", (name, stream, info) => {
      if (!spec.fileFields.includes(name)) {
        stream.on("error", () => {});
        stream.resume();
        return fail(new UploadRejected("不支持的上传字段", 400, field));
      }
      const fileName = sanitizeFileName(info.filename ?? "");
      const chunks: Buffer[] = [];
      // a body cut off inside a file errors the file stream too (unhandled, that would end the process)
      stream.on("error", () => fail(new UploadRejected(BROKEN_UPLOAD, 400, field)));
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => fail(new UploadRejected(spec.tooLarge(fileName, name), 413, name)));
      stream.on("end", () => {
        if (failed || (stream as { truncated?: boolean }).truncated) return;
        const bytes = Buffer.concat(chunks);
        if (!fileName && bytes.length === 0) return; // an empty file input
        form.append(name, new File([bytes], fileName, { type: info.mimeType || "application/octet-stream" }));
      });
    });
    parser.on("filesLimit", () => fail(new UploadRejected(spec.tooMany ?? `附件最多 ${spec.maxFiles} 个`, 400, field)));
    parser.on("fieldsLimit", () => fail(new UploadRejected("提交的字段过多", 400, field)));
    parser.on("partsLimit", () => fail(new UploadRejected("提交的字段过多", 400, field)));
    parser.on("error", () => fail(new UploadRejected(BROKEN_UPLOAD, 400, field)));
    parser.on("close", () => {
      if (!failed) resolve(form);
    });
    source.on("error", () => fail(new UploadRejected(BROKEN_UPLOAD, 400, field)));
    source.pipe(parser);
  });
}
