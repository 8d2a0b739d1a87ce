// Evidence files: stored under UPLOAD_DIR with a random key (never the user's file name), described by an
// `attachment` row, and served only to viewers who may see the project (or issue) they belong to.
import type { Viewer } from "~/domain/permissions";
import {
  ALLOWED_UPLOAD_TYPES,
  cleanFileName,
  MAX_UPLOAD_BYTES,
  sniffUploadType,
  UPLOAD_MESSAGES,
  type UploadMime,
  UploadRejected,
} from "~/domain/upload";
import { discardStoredFile, writeStoredFile } from "~/utils/fileStore.server";
import { prisma, type Tx } from "~/utils/db.server";
import { attachmentScope } from "./scope.server";
import { now as clockNow } from "~/utils/clock.server";

export { UploadRejected };

export interface StoredUpload {
  storageKey: string;
  fileName: string;
  mimeType: UploadMime;
  size: number;
  /** Deletes the file again (when the transaction that would have referenced it fails). */
  discard: () => Promise<void>;
}

/** Checks the bytes (not the declared type) and writes the file; throws UploadRejected with a Chinese message. */
export async function storeUpload(file: File, now = clockNow()): Promise<StoredUpload> {
  if (file.size === 0) throw new UploadRejected(UPLOAD_MESSAGES.empty);
  if (file.size > MAX_UPLOAD_BYTES) throw new UploadRejected(UPLOAD_MESSAGES.tooLarge);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mimeType = sniffUploadType(bytes.subarray(0, 16));
  if (!mimeType) throw new UploadRejected(UPLOAD_MESSAGES.badType);
  const month = now.toISOString().slice(0, 7).replace("-", "/");
  const storageKey = await writeStoredFile(month, ALLOWED_UPLOAD_TYPES[mimeType], bytes);
  return {
    storageKey,
    fileName: cleanFileName(file.name, mimeType),
    mimeType,
    size: bytes.byteLength,
    discard: () => discardStoredFile(storageKey),
  };
}

export async function createAttachmentRow(tx: Tx, upload: StoredUpload, projectId: number, uploadedById: number) {
  return tx.attachment.create({
    data: {
      projectId,
      fileName: upload.fileName,
      mimeType: upload.mimeType,
      size: upload.size,
      storageKey: upload.storageKey,
      uploadedById,
    },
    select: { id: true, fileName: true, size: true, mimeType: true },
  });
}

/** The attachment if the viewer may see its project or issue; null otherwise (→ 404). */
export function findVisibleAttachment(viewer: Viewer, id: number) {
  return prisma.attachment.findFirst({
    where: { AND: [{ id }, attachmentScope(viewer)] },
    select: { id: true, fileName: true, mimeType: true, size: true, storageKey: true },
  });
}
