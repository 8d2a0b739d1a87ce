// Reads a .docx back the way a test needs it: the body's paragraphs and tables as plain text (the XML's w:t runs
// joined), the page size, the fonts named in runs and styles, and the footers' XML (for the PAGE field).
import JSZip from "jszip";

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** The text of a piece of WordprocessingML: its w:t elements in order. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join("");
}

export interface DocxContent {
  /** Paragraphs outside tables, in order. */
  paragraphs: string[];
  /** Each table as rows of cell texts, in order. */
  tables: string[][][];
  pageSize: { w: number; h: number };
  fonts: string[];
  footers: string[];
}

export async function readDocx(bytes: ArrayBuffer): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  const body = xml.slice(xml.indexOf("<w:body>"));
  const tables: string[][][] = [];
  const outside = body.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => {
    tables.push(
      [...tbl.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
        [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => textOf(tc[0])),
      ),
    );
    return "";
  });
  const paragraphs = [...outside.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0])).filter(Boolean);
  const size = /<w:pgSz[^>]*w:w="(\d+)"[^>]*w:h="(\d+)"/.exec(xml);
  const styles = (await zip.file("word/styles.xml")?.async("string")) ?? "";
  const fonts = [...new Set([...(xml + styles).matchAll(/w:eastAsia="([^"]+)"/g)].map((m) => m[1]))];
  const footers = await Promise.all(
    Object.keys(zip.files)
      .filter((n) => /^word\/footer\d*\.xml$/.test(n))
      .map((n) => zip.file(n)!.async("string")),
  );
  return { paragraphs, tables, pageSize: { w: Number(size?.[1]), h: Number(size?.[2]) }, fonts, footers };
}
