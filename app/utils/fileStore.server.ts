// Stored files (evidence for milestones, attachments of issues): one place that writes, reads and removes them
// under UPLOAD_DIR. Keys are random (the user's file name is only metadata in the `attachment` row) and are
// validated before use, so a tampered row cannot read outside the folder. What may be uploaded is decided by
// the callers (project evidence: sniffed PDF/JPG/PNG; issue attachments: an extension list).
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { env } from "./env.server";

const KEY = /^[a-z0-9]+(?:\/[a-z0-9]+)*\/[0-9a-f-]{36}(?:\.[a-z0-9]{1,5})?$/;

export function uploadRoot(): string {
  return path.resolve(env().UPLOAD_DIR);
}

function pathFor(storageKey: string): string | null {
  if (!KEY.test(storageKey)) return null;
  const full = path.join(uploadRoot(), storageKey);
  return full.startsWith(uploadRoot() + path.sep) ? full : null;
}

/** Writes the bytes under `folder` with a random name; returns the storage key. */
export async function writeStoredFile(folder: string, extension: string, bytes: Uint8Array): Promise<string> {
  const ext = extension.replace(/^\./, "").toLowerCase();
  const storageKey = `${folder}/${randomUUID()}${ext ? `.${ext}` : ""}`;
  const full = pathFor(storageKey);
  if (!full) throw new Error(`invalid storage folder ${folder}`);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, bytes, { flag: "wx" });
  return storageKey;
}

/** Removes a stored file (e.g. when the transaction that would have referenced it failed). */
export async function discardStoredFile(storageKey: string): Promise<void> {
  const full = pathFor(storageKey);
  if (full) await rm(full, { force: true }).catch(() => undefined);
}

/** A stream of a stored file, or null when the key is invalid or the file is missing. */
export async function openStoredFile(storageKey: string): Promise<{ size: number; body: ReadableStream } | null> {
  const full = pathFor(storageKey);
  if (!full) return null;
  const st = await stat(full).catch(() => null);
  if (!st?.isFile()) return null;
  return { size: st.size, body: createReadableStreamFromReadable(createReadStream(full)) };
}
