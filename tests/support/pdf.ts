// Reading a generated PDF back as text with Mozilla's pdf.js (the legacy build runs in Node): the strings the
// PDF really shows, one item per text run, page by page.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfText {
  pages: number;
  /** Every text item's string, trimmed, empty ones dropped, in page order. */
  items: string[];
  title: string | null;
}

export async function readPdf(bytes: Uint8Array | ArrayBuffer): Promise<PdfText> {
  const data = bytes instanceof Uint8Array ? new Uint8Array(bytes) : new Uint8Array(bytes);
  const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const items: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const it of content.items) {
      const s = "str" in it ? it.str.trim() : "";
      if (s) items.push(s);
    }
  }
  const meta = await doc.getMetadata();
  const title = (meta.info as { Title?: string } | undefined)?.Title ?? null;
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, items, title };
}

/**
 * Index of each expected string among the items, searched in order (so the PDF shows them in the page's order);
 * throws naming the first one that is missing.
 */
export function expectInOrder(items: readonly string[], expected: readonly string[]): void {
  let at = 0;
  for (const e of expected) {
    const i = items.indexOf(e, at);
    if (i < 0) throw new Error(`“${e}” not found in the PDF after item ${at} (${items.slice(at, at + 8).join(" | ")})`);
    at = i + 1;
  }
}
