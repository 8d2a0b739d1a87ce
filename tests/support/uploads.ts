// What the integration tests of uploads share: how many files a test's upload folder holds (all-or-nothing checks
// count them before and after), and the site-photo fixtures (a near HEIC with EXIF, a far JPEG, a broken file).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Files under `dir` (0 when it does not exist yet). */
export async function storedFiles(dir: string): Promise<number> {
  const all = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return all.filter((f) => f.isFile()).length;
}

export type Photo = { name: string; bytes: Uint8Array<ArrayBuffer> };

/** tests/fixtures/photos: `heic` taken near the test projects' point, `far` 400+ km away and weeks earlier, `bad` no image. */
export async function sitePhotoFixtures(): Promise<{ heic: Photo; far: Photo; bad: Photo }> {
  const dir = path.resolve(__dirname, "../fixtures/photos");
  return {
    heic: { name: "IMG_0001.HEIC", bytes: new Uint8Array(await readFile(path.join(dir, "site-near.heic"))) },
    far: { name: "远处.jpg", bytes: new Uint8Array(await readFile(path.join(dir, "site-far.jpg"))) },
    bad: { name: "第二张.jpg", bytes: new TextEncoder().encode("not a photo") as Uint8Array<ArrayBuffer> },
  };
}
