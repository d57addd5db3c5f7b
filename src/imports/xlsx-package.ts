// The zip side of an XLSX file: open it by its central directory (yauzl reads nothing else up front), find the
// worksheet to read from the workbook and its relationships, and stream any part as decoded text. A part is opened
// only if its declared size and compression ratio are within the limits (a zip bomb is refused before a byte is
// inflated), and yauzl checks while inflating that no part is longer than it declared.
import { StringDecoder } from "node:string_decoder";
import { type Entry, openPromise, type ZipFile } from "yauzl";
import { UserError } from "../domain/errors.js";
import { ExportError } from "./errors.js";
import {
  formatBytes,
  formatCount,
  LimitExceeded,
  MAX_COMPRESSION_RATIO,
  MAX_ENTRY_UNZIPPED_BYTES,
  MAX_TOTAL_UNZIPPED_BYTES,
  MAX_ZIP_ENTRIES,
  RATIO_FLOOR_BYTES,
} from "./limits.js";
import { type XmlHandler, XmlScanner, xmlAttr } from "./xml-scanner.js";

/** Sheets that hold the data in Seller Center workbooks; any other workbook is read from its first sheet. */
export const PREFERRED_SHEETS = ["OrderSKUList", "Order details"];

export interface XlsxPackage {
  /** Sheet names in workbook order. */
  sheets: string[];
  /** The sheet chosen to read, and its part inside the zip. */
  sheet: { name: string; part: string };
  /** The shared-strings part, when the workbook has one. */
  sharedStringsPart: string | null;
  /** Streams a part as text chunks; the caller must consume or abandon it before closing. */
  text(part: string): AsyncGenerator<string>;
  close(): void;
}

export async function openXlsx(path: string, sheetName?: string): Promise<XlsxPackage> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: true });
  } catch (err) {
    throw new ExportError("unreadable_file", `not a readable XLSX file: ${(err as Error).message}`);
  }
  try {
    const entries = new Map<string, Entry>();
    if (zip.entryCount > MAX_ZIP_ENTRIES)
      throw new LimitExceeded("import.limit.entries", { limit: formatCount(MAX_ZIP_ENTRIES) });
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\/+/, ""), entry);
    // Unzipped bytes of the parts opened so far (a part read twice counts twice: so does its inflating).
    let unzipped = 0;

    async function* text(part: string): AsyncGenerator<string> {
      const entry = entries.get(part);
      if (!entry) throw new ExportError("unreadable_file", `XLSX part ${part} is missing`);
      const size = entry.uncompressedSize;
      unzipped += size;
      if (size > MAX_ENTRY_UNZIPPED_BYTES || unzipped > MAX_TOTAL_UNZIPPED_BYTES)
        throw new LimitExceeded("import.limit.unzipped", { limit: formatBytes(MAX_ENTRY_UNZIPPED_BYTES), part });
      const ratio = size / Math.max(1, entry.compressedSize);
      if (size > RATIO_FLOOR_BYTES && ratio > MAX_COMPRESSION_RATIO)
        throw new LimitExceeded("import.limit.ratio", {
          ratio: formatCount(Math.round(ratio)),
          limit: formatCount(MAX_COMPRESSION_RATIO),
          part,
        });
      let stream: NodeJS.ReadableStream;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (err) {
        throw new ExportError("unreadable_file", `XLSX part ${part} cannot be read: ${(err as Error).message}`);
      }
      const decoder = new StringDecoder("utf8");
      try {
        let first = true;
        for await (const chunk of stream) {
          let s = decoder.write(chunk as Buffer);
          if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
          first = false;
          if (s.length > 0) yield s;
        }
        const rest = decoder.end();
        if (rest.length > 0) yield rest;
      } catch (err) {
        // A refusal of ours (a limit) passes through; anything from the zip reader is a damaged file.
        if (err instanceof UserError || err instanceof ExportError) throw err;
        throw new ExportError("unreadable_file", `XLSX part ${part} is damaged: ${(err as Error).message}`);
      } finally {
        (stream as unknown as { destroy(): void }).destroy();
      }
    }

    const rels = await readRelationships(entries, text);
    const sheets = await readWorkbook(entries, text, rels);
    const names = sheets.map((s) => s.name);
    const wanted = sheetName ?? PREFERRED_SHEETS.find((n) => names.includes(n));
    const sheet = wanted === undefined ? sheets[0] : sheets.find((s) => s.name === wanted);
    if (!sheet) {
      const what = wanted === undefined ? "no worksheet" : `no sheet named "${wanted}" (sheets: ${names.join(", ")})`;
      throw new ExportError("unreadable_file", `XLSX has ${what}`);
    }
    if (!entries.has(sheet.part)) throw new ExportError("unreadable_file", `XLSX part ${sheet.part} is missing`);
    const shared = rels.sharedStrings;
    return {
      sheets: names,
      sheet,
      sharedStringsPart: shared && entries.has(shared) ? shared : null,
      text,
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    if (err instanceof UserError || err instanceof ExportError) throw err;
    // A damaged central directory or workbook part: the zip reader's own words, as an unreadable file.
    throw new ExportError("unreadable_file", `not a readable XLSX file: ${(err as Error).message}`);
  }
}

type TextOf = (part: string) => AsyncGenerator<string>;

/** Feeds a whole (small) part through a handler. */
export async function scanPart(text: TextOf, part: string, handler: XmlHandler): Promise<void> {
  const scanner = new XmlScanner(handler);
  for await (const chunk of text(part)) scanner.write(chunk);
  scanner.end();
}

interface Relationships {
  /** Relationship id → part path inside the zip. */
  targets: Map<string, string>;
  sharedStrings: string | null;
}

async function readRelationships(entries: Map<string, Entry>, text: TextOf): Promise<Relationships> {
  const rels: Relationships = { targets: new Map(), sharedStrings: null };
  const part = "xl/_rels/workbook.xml.rels";
  if (!entries.has(part)) {
    if (entries.has("xl/sharedStrings.xml")) rels.sharedStrings = "xl/sharedStrings.xml";
    return rels;
  }
  await scanPart(text, part, {
    open(name, attrs) {
      if (name !== "Relationship") return;
      const id = xmlAttr(attrs, "Id");
      const target = xmlAttr(attrs, "Target");
      if (!id || !target) return;
      const path = resolveTarget(target);
      rels.targets.set(id, path);
      if ((xmlAttr(attrs, "Type") ?? "").endsWith("/sharedStrings")) rels.sharedStrings = path;
    },
    close() {},
    text() {},
  });
  return rels;
}

/** Targets are relative to xl/ ("worksheets/sheet1.xml") or absolute in the package ("/xl/worksheets/sheet1.xml"). */
function resolveTarget(target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = ["xl"];
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return parts.join("/");
}

async function readWorkbook(
  entries: Map<string, Entry>,
  text: TextOf,
  rels: Relationships,
): Promise<{ name: string; part: string }[]> {
  if (!entries.has("xl/workbook.xml")) {
    // Not a workbook a spreadsheet program wrote, but its sheets may still be there.
    const parts = [...entries.keys()].filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k));
    if (parts.length === 0) throw new ExportError("unreadable_file", "zip file is not an XLSX workbook");
    parts.sort((a, b) => sheetNumber(a) - sheetNumber(b));
    return parts.map((part) => ({ name: part.replace(/^.*\/|\.xml$/g, ""), part }));
  }
  const sheets: { name: string; part: string }[] = [];
  await scanPart(text, "xl/workbook.xml", {
    open(name, attrs) {
      if (name !== "sheet") return;
      const id = xmlAttr(attrs, "id");
      const part = id ? rels.targets.get(id) : undefined;
      if (part) sheets.push({ name: xmlAttr(attrs, "name") ?? part, part });
    },
    close() {},
    text() {},
  });
  return sheets;
}

function sheetNumber(part: string): number {
  return Number(/(\d+)\.xml$/.exec(part)?.[1] ?? 0);
}
