// Site photos (issue 20 §2, docs/decisions/215): up to 9 photos with a milestone, HEIC/HEIF from phones accepted
// (converted to JPEG on the server), each with its EXIF capture time and place. Pure, so the browser can pre-check
// the chosen files and the page can compute the reviewer's marks: a photo taken more than 2 km from the project's
// point or more than 7 days before the logged date is marked, never refused (docs/decisions/216).
import { daysBetween, type IsoDate } from "./dates";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from "./upload";

export const MAX_PHOTOS = 9;
export const PHOTO_FIELD = "photos";
export const PHOTO_FAR_KM = 2;
export const PHOTO_OLD_DAYS = 7;

export const PHOTO_TYPES = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/heic": "heic",
} as const;
export type PhotoMime = keyof typeof PHOTO_TYPES;

const PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "heic", "heif"];
export const PHOTO_ACCEPT = "image/jpeg,image/png,image/heic,image/heif,.jpg,.jpeg,.png,.heic,.heif";
export const PHOTO_HINT = `可选，最多 ${MAX_PHOTOS} 张，JPG、PNG 或手机的 HEIC 照片，每张不超过 ${MAX_UPLOAD_LABEL}；拍摄时间与地点从照片中读取`;

export const PHOTO_MESSAGES = {
  tooMany: `现场照片最多 ${MAX_PHOTOS} 张`,
  tooLarge: (name: string) => `照片 ${name} 超过 ${MAX_UPLOAD_LABEL}`,
  badType: (name: string) => `照片 ${name} 不是 JPG、PNG 或 HEIC 格式`,
  empty: (name: string) => `照片 ${name} 是空文件`,
  unreadable: (name: string) => `照片 ${name} 无法读取，请换一张重新提交`,
} as const;

/** The real type of a photo from its first bytes (an ISO-BMFF `ftyp` box with a HEIF brand is HEIC), or null. */
export function sniffPhotoType(head: Uint8Array): PhotoMime | null {
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  const text = (a: number, b: number) => String.fromCharCode(...head.subarray(a, b));
  if (head.length >= 12 && text(4, 8) === "ftyp") {
    const brand = text(8, 12);
    if (["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].includes(brand)) return "image/heic";
  }
  return null;
}

/** The check of one chosen photo the browser can do before uploading (the server re-checks the bytes). */
export function checkPhotoMeta(f: { name: string; size: number }): string | null {
  if (f.size === 0) return PHOTO_MESSAGES.empty(f.name);
  if (f.size > MAX_UPLOAD_BYTES) return PHOTO_MESSAGES.tooLarge(f.name);
  const ext = f.name.toLowerCase().split(".").pop() ?? "";
  if (!PHOTO_EXTENSIONS.includes(ext)) return PHOTO_MESSAGES.badType(f.name);
  return null;
}

/** The photos of a form: a FileList (react-hook-form), one File or several (FormData), empty inputs left out. */
export function chosenPhotos(v: unknown): File[] {
  const list =
    typeof FileList !== "undefined" && v instanceof FileList ? Array.from(v) : Array.isArray(v) ? v : v ? [v] : [];
  return list.filter(
    (f): f is File => !!f && typeof f === "object" && "size" in f && "name" in f && !(f.size === 0 && !f.name),
  );
}

/** The first problem of a set of chosen photos (count, then each file), or null. */
export function checkPhotos(files: readonly { name: string; size: number }[]): string | null {
  if (files.length > MAX_PHOTOS) return PHOTO_MESSAGES.tooMany;
  for (const f of files) {
    const problem = checkPhotoMeta(f);
    if (problem) return problem;
  }
  return null;
}

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** Great-circle distance in kilometres (haversine on a 6371 km sphere; metres of error at county scale). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface PhotoFacts {
  /** capture time as the Beijing calendar date (from EXIF DateTimeOriginal), or null when the photo has none */
  takenOn: IsoDate | null;
  location: GeoPoint | null;
}

/**
 * The reviewer's marks for one photo: taken more than 2 km from the project's point (only when both are known),
 * taken more than 7 days before the logged date. Chinese, in the order they are shown.
 */
export function photoMarks(photo: PhotoFacts, project: GeoPoint | null, loggedOn: IsoDate | null): string[] {
  const marks: string[] = [];
  if (photo.location && project) {
    const km = distanceKm(photo.location, project);
    if (km > PHOTO_FAR_KM) marks.push(`拍摄地点距项目 ${km < 10 ? km.toFixed(1) : Math.round(km)} 公里`);
  }
  if (photo.takenOn && loggedOn) {
    const days = daysBetween(photo.takenOn, loggedOn);
    if (days > PHOTO_OLD_DAYS) marks.push(`拍摄时间早于登记日期 ${days} 天`);
  }
  return marks;
}

/** 37.696800, 112.708000 → "北纬 37.6968°，东经 112.7080°" (southern/western points named so). */
export function formatPlace(p: GeoPoint): string {
  const lat = `${p.latitude >= 0 ? "北纬" : "南纬"} ${Math.abs(p.latitude).toFixed(4)}°`;
  const lng = `${p.longitude >= 0 ? "东经" : "西经"} ${Math.abs(p.longitude).toFixed(4)}°`;
  return `${lat}，${lng}`;
}
