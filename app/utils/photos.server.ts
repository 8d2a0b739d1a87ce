// Site photos on the server (issue 20 §2, docs/decisions/215): every photo of a submit is checked and converted
// before anything is written — type from the bytes, EXIF capture time and GPS (exifr), HEIC decoded (heic-decode,
// libheif in wasm), a JPEG preview without metadata and a thumbnail (sharp). Then the originals, previews and
// thumbnails are written under UPLOAD_DIR (fileStore.server.ts) and the caller records the rows in its
// transaction; a refused photo (the 5th of 9 as well as the 1st) stores nothing, a failed transaction discards
// every file. Server-only: these libraries never reach a client bundle.
import decodeHeic from "heic-decode";
import exifr from "exifr";
import sharp, { type Sharp } from "sharp";
import {
  checkPhotoMeta,
  MAX_PHOTOS,
  PHOTO_FIELD,
  PHOTO_MESSAGES,
  PHOTO_TYPES,
  sniffPhotoType,
  type PhotoMime,
} from "~/domain/sitePhotos";
import { MAX_UPLOAD_BYTES, sanitizeFileName, UPLOAD_MESSAGES, UploadRejected } from "~/domain/upload";
import { readUploadForm } from "./upload.server";
import { discardStoredFile, writeStoredFile } from "./fileStore.server";
import type { Tx } from "./db.server";

/** Long side of the thumbnail in pixels (shown at 160 CSS pixels, sharp on 2× screens). */
const THUMB_PX = 320;
/** Long side of the JPEG preview; the original is kept as it was uploaded. */
const PREVIEW_PX = 4096;

export interface PreparedPhoto {
  fileName: string;
  mimeType: PhotoMime;
  original: Uint8Array;
  preview: Buffer;
  thumb: Buffer;
  takenAt: Date | null;
  latitude: number | null;
  longitude: number | null;
}

export interface StoredPhotos {
  photos: Array<
    Omit<PreparedPhoto, "original" | "preview" | "thumb"> & {
      size: number;
      storageKey: string;
      previewKey: string;
      thumbKey: string;
    }
  >;
  /** Removes every file again (the transaction that would have referenced them failed). */
  discard: () => Promise<void>;
}

const EXIF_TIME = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * EXIF DateTimeOriginal ("2017:11:15 10:30:00", the camera's local time) as an instant: with its
 * OffsetTimeOriginal when the camera wrote one, else as Beijing time (the platform's phones are in China).
 */
export function exifInstant(value: unknown, offset: unknown): Date | null {
  const m = typeof value === "string" ? EXIF_TIME.exec(value) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const o = typeof offset === "string" ? OFFSET.exec(offset.trim()) : null;
  const offsetMin = o ? (o[1] === "-" ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) : 8 * 60;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000;
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (y < 1990 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return null;
  }
  return new Date(utc);
}

async function readExif(bytes: Uint8Array) {
  const tags = (await exifr
    .parse(bytes, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      reviveValues: false,
      translateValues: false,
      pick: [
        "DateTimeOriginal",
        "OffsetTimeOriginal",
        "GPSLatitude",
        "GPSLatitudeRef",
        "GPSLongitude",
        "GPSLongitudeRef",
      ],
    })
    .catch(() => null)) as Record<string, unknown> | null | undefined;
  const lat = typeof tags?.latitude === "number" ? tags.latitude : null;
  const lng = typeof tags?.longitude === "number" ? tags.longitude : null;
  // (0, 0) is what some phones write when they had no fix
  const located =
    lat !== null &&
    lng !== null &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lng) <= 180 &&
    !(lat === 0 && lng === 0);
  return {
    takenAt: exifInstant(tags?.DateTimeOriginal, tags?.OffsetTimeOriginal),
    latitude: located ? Math.round(lat * 1e6) / 1e6 : null,
    longitude: located ? Math.round(lng * 1e6) / 1e6 : null,
  };
}

/** The decoded picture as a sharp pipeline: HEIC through libheif (sharp's own libvips has no HEVC decoder). */
async function openImage(bytes: Uint8Array, mimeType: PhotoMime): Promise<Sharp> {
  if (mimeType === "image/heic") {
    const img = await decodeHeic({ buffer: bytes });
    const raw = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
    return sharp(raw, { raw: { width: img.width, height: img.height, channels: 4 } });
  }
  // rotate(): applies the EXIF orientation before the metadata is dropped
  return sharp(bytes, { failOn: "error" }).rotate();
}

/** Checks and converts one photo; UploadRejected (next to the photo input) names the file that is wrong. */
export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  const fileName = sanitizeFileName(file.name) || "现场照片";
  const problem = checkPhotoMeta({ name: fileName, size: file.size });
  // the name check is the browser's; the server decides by the bytes (a phone may name a HEIC photo .jpg)
  if (problem && problem !== PHOTO_MESSAGES.badType(fileName)) {
    throw new UploadRejected(problem, file.size > 0 ? 413 : 400, PHOTO_FIELD);
  }
  const original = new Uint8Array(await file.arrayBuffer());
  const mimeType = sniffPhotoType(original.subarray(0, 16));
  if (!mimeType) throw new UploadRejected(PHOTO_MESSAGES.badType(fileName), 400, PHOTO_FIELD);
  try {
    const exif = await readExif(original);
    const image = await openImage(original, mimeType);
    const flat = image.flatten({ background: "#ffffff" });
    const [preview, thumb] = await Promise.all([
      flat
        .clone()
        .resize(PREVIEW_PX, PREVIEW_PX, { fit: "inside", withoutEnlargement: true })
        .jpeg({ quality: 85, mozjpeg: true })
        .toBuffer(),
      flat
        .clone()
        .resize(THUMB_PX, THUMB_PX, { fit: "inside", withoutEnlargement: true })
        .jpeg({ quality: 75, mozjpeg: true })
        .toBuffer(),
    ]);
    const base = fileName.replace(/\.(heic|heif|jpe?g|png)$/i, "");
    const ext = PHOTO_TYPES[mimeType];
    return { fileName: `${base || "现场照片"}.${ext}`, mimeType, original, preview, thumb, ...exif };
  } catch {
    throw new UploadRejected(PHOTO_MESSAGES.unreadable(fileName), 400, PHOTO_FIELD);
  }
}

/** All photos of one submit, one after another (one decoded picture in memory at a time); the first bad one refuses. */
export async function preparePhotos(files: readonly File[]): Promise<PreparedPhoto[]> {
  if (files.length > MAX_PHOTOS) throw new UploadRejected(PHOTO_MESSAGES.tooMany, 400, PHOTO_FIELD);
  const out: PreparedPhoto[] = [];
  for (const f of files) out.push(await preparePhoto(f));
  return out;
}

/** Writes originals, previews and thumbnails under UPLOAD_DIR/<yyyy>/<mm>/; discards them all if one write fails. */
export async function storePhotos(prepared: readonly PreparedPhoto[], now: Date): Promise<StoredPhotos> {
  const folder = now.toISOString().slice(0, 7).replace("-", "/");
  const keys: string[] = [];
  const discard = async () => {
    await Promise.all(keys.map((k) => discardStoredFile(k)));
  };
  const write = async (ext: string, bytes: Uint8Array) => {
    const key = await writeStoredFile(folder, ext, bytes);
    keys.push(key);
    return key;
  };
  try {
    const photos: StoredPhotos["photos"] = [];
    for (const p of prepared) {
      const { original, preview, thumb, ...facts } = p;
      photos.push({
        ...facts,
        size: original.byteLength,
        storageKey: await write(PHOTO_TYPES[p.mimeType], original),
        previewKey: await write("jpg", preview),
        thumbKey: await write("jpg", thumb),
      });
    }
    return { photos, discard };
  } catch (e) {
    await discard();
    throw e;
  }
}

/**
 * Whose photos they are (docs/decisions/230): a milestone, a service log or an agency task of a project (the
 * project's scope decides who sees them), an issue (issue_id only, no project_id: the issue's scope decides), or
 * an enterprise visit without a project (service_log_id only: the enterprise's scope decides, docs/decisions/272).
 */
export type PhotoOwner =
  | { kind: "milestone"; projectId: number; milestoneId: number }
  | { kind: "serviceLog"; projectId: number; serviceLogId: number }
  | { kind: "agencyTask"; projectId: number; agencyTaskId: number }
  | { kind: "issue"; issueId: number }
  | { kind: "visit"; serviceLogId: number };

function ownerColumns(owner: PhotoOwner) {
  switch (owner.kind) {
    case "milestone":
      return { projectId: owner.projectId, milestoneId: owner.milestoneId };
    case "serviceLog":
      return { projectId: owner.projectId, serviceLogId: owner.serviceLogId };
    case "agencyTask":
      return { projectId: owner.projectId, agencyTaskId: owner.agencyTaskId };
    case "issue":
      return { issueId: owner.issueId };
    case "visit":
      return { serviceLogId: owner.serviceLogId };
  }
}

/** The attachment rows of stored photos, in the caller's transaction; the file names, for the audit entry. */
export async function createPhotoRows(
  tx: Tx,
  stored: StoredPhotos | null,
  owner: PhotoOwner & { uploadedById: number; createdAt?: Date },
) {
  if (!stored?.photos.length) return [];
  await tx.attachment.createMany({
    data: stored.photos.map((p) => ({
      ...ownerColumns(owner),
      uploadedById: owner.uploadedById,
      ...(owner.createdAt ? { createdAt: owner.createdAt } : {}),
      fileName: p.fileName,
      mimeType: p.mimeType,
      size: p.size,
      storageKey: p.storageKey,
      previewKey: p.previewKey,
      thumbKey: p.thumbKey,
      takenAt: p.takenAt,
      latitude: p.latitude,
      longitude: p.longitude,
    })),
  });
  return stored.photos.map((p) => p.fileName);
}

/**
 * Checks and converts the chosen photos, then stores them (originals, previews, thumbnails): what every form with a
 * 现场照片 input does before its transaction. Nothing is stored when one photo is refused; the caller discards the
 * result when its transaction fails.
 */
export async function acceptPhotos(files: readonly File[] | undefined, now: Date): Promise<StoredPhotos | null> {
  const prepared = await preparePhotos(files ?? []);
  return prepared.length ? storePhotos(prepared, now) : null;
}

/**
 * Reads the multipart body of a form with a 现场照片 input (and `documentFields`, one evidence file each): the
 * photos' own messages for a photo over 10 MB and for a 10th photo (one over the limit gets through, so the form's
 * schema names it). The page must be in request-guards' PHOTO_PAGES.
 */
export function readPhotoForm(request: Request, documentFields: readonly string[] = []) {
  return readUploadForm(request, {
    fileFields: [...documentFields, PHOTO_FIELD],
    maxFiles: documentFields.length + MAX_PHOTOS + 1,
    maxFileBytes: MAX_UPLOAD_BYTES,
    tooLarge: (name, field) => (field === PHOTO_FIELD ? PHOTO_MESSAGES.tooLarge(name) : UPLOAD_MESSAGES.tooLarge),
    tooMany: PHOTO_MESSAGES.tooMany,
  });
}

/** The chosen photos as a create claim's input sees them (name and size: a repeat sends the same files). */
export function photoClaimInput(files: readonly File[] | undefined) {
  return (files ?? []).map((f) => [f.name, f.size]);
}
