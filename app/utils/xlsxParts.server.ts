// XLSX part order (issue 21, finding 8; decision 073). The streaming reader (exceljs WorkbookReader) reads the zip
// front to back and needs xl/workbook.xml, its rels, sharedStrings.xml and styles.xml before the sheets; Excel,
// WPS, LibreOffice, Numbers, Google Sheets and exceljs order the parts differently (exceljs itself writes
// workbook.xml last and sharedStrings.xml after the sheets, which its reader survives only by buffering). The zip's central directory
// (at the end of the file) says where each part is: when a part the reader needs comes after a worksheet, the
// workbook is rewritten with those parts first (stored, not recompressed: quick), otherwise used as it is.
import JSZip from "jszip";

/** Parts the streaming reader must have read before any worksheet, in this order. */
const FIRST = [
  "[Content_Types].xml",
  "_rels/.rels",
  "xl/workbook.xml",
  "xl/_rels/workbook.xml.rels",
  "xl/sharedStrings.xml",
  "xl/styles.xml",
];

/** The entries of a zip's central directory in the order of their data in the file; null when unreadable. */
export function zipPartOrder(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // end of central directory record: signature 0x06054b50, within the last 64 KB + 22 bytes
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: Array<{ name: string; offset: number }> = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    entries.push({ name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLen)), offset });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries.sort((a, b) => a.offset - b.offset).map((e) => e.name);
}

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const sheetNo = (name: string) => Number(SHEET.exec(name)?.[1] ?? NaN);

/**
 * Whether every part the reader needs first comes before the first worksheet, and the worksheets come in their
 * own order (the reader emits them as it meets them; the import reads the first).
 */
export function partsInReadableOrder(order: string[]): boolean {
  const sheets = order.filter((n) => SHEET.test(n));
  if (!sheets.length) return true;
  const firstSheet = order.indexOf(sheets[0]);
  const needed = FIRST.every((p) => {
    const i = order.indexOf(p);
    return i < 0 || i < firstSheet;
  });
  return needed && sheets.every((s, i) => i === 0 || sheetNo(sheets[i - 1]) < sheetNo(s));
}

/** The workbook with the parts the streaming reader needs first (the same bytes when they already are). */
export async function withReadablePartOrder(bytes: Uint8Array): Promise<Uint8Array> {
  const order = zipPartOrder(bytes);
  if (!order || partsInReadableOrder(order)) return bytes;
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const sheets = names.filter((n) => SHEET.test(n)).sort((a, b) => sheetNo(a) - sheetNo(b));
  const ordered = [
    ...FIRST.filter((n) => names.includes(n)),
    ...sheets,
    ...names.filter((n) => !FIRST.includes(n) && !sheets.includes(n)),
  ];
  for (const name of ordered) out.file(name, await zip.files[name].async("uint8array"));
  return out.generateAsync({ type: "uint8array", compression: "STORE" });
}
