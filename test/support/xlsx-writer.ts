// A tiny XLSX writer for tests and benchmarks: streamed rows, shared or inline strings, numbers, named sheets.
// The zip is built by hand (deflateRaw, CRC32 from zlib, data descriptors so no size is needed up front), so a
// sheet of millions of rows is written without holding it; only the shared-string table stays in memory.
import { createWriteStream, type WriteStream } from "node:fs";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

export type XlsxCell = string | number | null | undefined;

export interface XlsxSheet {
  name: string;
  rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>;
}

export interface XlsxWriteOptions {
  /** Text cells as inline strings (t="inlineStr") instead of the shared-string table. */
  inlineStrings?: boolean;
  /** Write elements with a namespace prefix ("x:row", "x:c"), as the OpenXML SDK does. */
  prefix?: string;
  /** First row number of each sheet's rows (rows above it are absent from the XML, as in real files). */
  firstRow?: number;
  /**
   * Raw XML written after the rows of the first sheet, in pieces (hostile files: a cell past XFD, an unclosed tag,
   * filler for a zip bomb); with `unclosed`, the sheet's XML ends right after it.
   */
  tail?: () => Iterable<string>;
  unclosed?: boolean;
}

interface ZipEntry {
  name: string;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/** Writes a workbook whose sheets appear in the given order (the first is the one Excel opens). */
export async function writeXlsx(path: string, sheets: XlsxSheet[], options: XlsxWriteOptions = {}): Promise<void> {
  const out = new ZipWriter(createWriteStream(path));
  const shared = new Map<string, number>();
  const p = options.prefix ? `${options.prefix}:` : "";
  const ns = options.prefix ? `xmlns:${options.prefix}` : "xmlns";
  for (const [i, sheet] of sheets.entries()) {
    const own = i === 0 ? options : { ...options, tail: undefined, unclosed: false };
    await out.streamEntry(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheet.rows, shared, own, p, ns));
  }
  const strings = [...shared.keys()].map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join("");
  await out.entry(
    "xl/sharedStrings.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${shared.size}" uniqueCount="${shared.size}">${strings}</sst>`,
  );
  const sheetList = sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join("");
  await out.entry(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheetList}</sheets></workbook>`,
  );
  const rels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join("");
  await out.entry(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${rels}<Relationship Id="rId${sheets.length + 1}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  const overrides = sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join("");
  await out.entry(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>${overrides}</Types>`,
  );
  await out.entry(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  await out.finish();
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

async function* sheetXml(
  rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>,
  shared: Map<string, number>,
  options: XlsxWriteOptions,
  p: string,
  ns: string,
): AsyncGenerator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}="${MAIN}"><${p}sheetData>`;
  let r = (options.firstRow ?? 1) - 1;
  let batch = "";
  for await (const row of rows) {
    r++;
    let xml = `<${p}row r="${r}">`;
    for (const [c, value] of row.entries()) {
      if (value === null || value === undefined || value === "") continue;
      const ref = `${columnName(c)}${r}`;
      if (typeof value === "number") xml += `<${p}c r="${ref}"><${p}v>${value}</${p}v></${p}c>`;
      else if (options.inlineStrings)
        xml += `<${p}c r="${ref}" t="inlineStr"><${p}is><${p}t xml:space="preserve">${escapeXml(value)}</${p}t></${p}is></${p}c>`;
      else {
        let index = shared.get(value);
        if (index === undefined) {
          index = shared.size;
          shared.set(value, index);
        }
        xml += `<${p}c r="${ref}" t="s"><${p}v>${index}</${p}v></${p}c>`;
      }
    }
    batch += `${xml}</${p}row>`;
    if (batch.length > 1 << 16) {
      yield batch;
      batch = "";
    }
  }
  yield batch;
  if (options.tail) for (const piece of options.tail()) yield piece;
  if (!options.unclosed) yield `</${p}sheetData></${p}worksheet>`;
}

export function columnName(index: number): string {
  let n = index + 1;
  let name = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

function escapeXml(s: string): string {
  // Control characters other than tab and newlines cannot appear in XML 1.0: OOXML escapes them as _xHHHH_.
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "_x000D_")
    .replace(/[^\t\n\P{Cc}]/gu, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, "0")}_`);
}

/** Minimal zip writer: deflated entries with data descriptors, then the central directory (no zip64). */
class ZipWriter {
  private offset = 0;
  private readonly entries: ZipEntry[] = [];
  constructor(private readonly out: WriteStream) {}

  private async write(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    if (!this.out.write(buf)) await new Promise<void>((resolve) => this.out.once("drain", () => resolve()));
  }

  async entry(name: string, text: string): Promise<void> {
    const data = Buffer.from(text, "utf8");
    const compressed = deflateRawSync(data);
    const e: ZipEntry = {
      name,
      offset: this.offset,
      crc: crc32(data),
      compressed: compressed.length,
      size: data.length,
    };
    await this.write(localHeader(name));
    await this.write(compressed);
    await this.write(descriptor(e));
    this.entries.push(e);
  }

  async streamEntry(name: string, chunks: AsyncIterable<string>): Promise<void> {
    const e: ZipEntry = { name, offset: this.offset, crc: 0, compressed: 0, size: 0 };
    await this.write(localHeader(name));
    const deflate = createDeflateRaw();
    const pump = (async () => {
      for await (const piece of deflate) {
        e.compressed += (piece as Buffer).length;
        await this.write(piece as Buffer);
      }
    })();
    for await (const chunk of chunks) {
      const data = Buffer.from(chunk, "utf8");
      e.crc = crc32(data, e.crc);
      e.size += data.length;
      if (!deflate.write(data)) await new Promise<void>((resolve) => deflate.once("drain", () => resolve()));
    }
    deflate.end();
    await pump;
    await this.write(descriptor(e));
    this.entries.push(e);
  }

  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) await this.write(centralHeader(e));
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

// General-purpose flags: bit 3 (sizes and CRC follow the data), bit 11 (names are UTF-8).
const FLAGS = 0x0808;
const DEFLATE = 8;
// 2024-01-01 00:00 in MS-DOS date/time: a fixed stamp keeps generated files byte-identical run to run.
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

function localHeader(name: string): Buffer {
  const n = Buffer.from(name, "utf8");
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(FLAGS, 6);
  h.writeUInt16LE(DEFLATE, 8);
  h.writeUInt16LE(DOS_TIME, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt16LE(n.length, 26);
  return Buffer.concat([h, n]);
}

function descriptor(e: ZipEntry): Buffer {
  const d = Buffer.alloc(16);
  d.writeUInt32LE(0x08074b50, 0);
  d.writeUInt32LE(e.crc >>> 0, 4);
  d.writeUInt32LE(e.compressed, 8);
  d.writeUInt32LE(e.size, 12);
  return d;
}

function centralHeader(e: ZipEntry): Buffer {
  const n = Buffer.from(e.name, "utf8");
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(FLAGS, 8);
  h.writeUInt16LE(DEFLATE, 10);
  h.writeUInt16LE(DOS_TIME, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(e.crc >>> 0, 16);
  h.writeUInt32LE(e.compressed, 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(n.length, 28);
  h.writeUInt32LE(e.offset, 42);
  return Buffer.concat([h, n]);
}
