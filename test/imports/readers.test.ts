// The two row readers and the format sniffing on top: quoting, line numbers, encodings, chunk boundaries,
// XLSX strings, gaps, prefixes and sheet choice.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsvRows, sniffDelimiter } from "../../src/imports/csv-reader.js";
import { detectFileFormat, readExportRows } from "../../src/imports/export-rows.js";
import type { RawRow } from "../../src/imports/raw-row.js";
import { readXlsxRows } from "../../src/imports/xlsx-reader.js";
import { type XmlHandler, XmlScanner, xmlAttr } from "../../src/imports/xml-scanner.js";
import { writeXlsx } from "../support/xlsx-writer.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "starling-readers-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

async function* pieces(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, "utf8");
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const TRICKY = 'a,b,c\r\n"x, ""quoted""",2,"multi\nline\ncell"\r\n\r\nplain,"",end\n"ẞ ünï ₫",  ,"trailing"';
const TRICKY_ROWS: RawRow[] = [
  { line: 1, cells: ["a", "b", "c"] },
  { line: 2, cells: ['x, "quoted"', "2", "multi\nline\ncell"] },
  { line: 6, cells: ["plain", "", "end"] },
  { line: 7, cells: ["ẞ ünï ₫", "  ", "trailing"] },
];

describe("CSV", () => {
  it("tokenizes quotes, doubled quotes, embedded newlines and CRLF/LF, with physical line numbers", async () => {
    expect(await collect(readCsvRows(pieces(TRICKY, 1 << 16)))).toEqual(TRICKY_ROWS);
  });

  it("gives the same rows whatever the chunk boundaries (multi-byte characters cut in two included)", async () => {
    for (const size of [1, 2, 3, 5, 7, 13])
      expect(await collect(readCsvRows(pieces(TRICKY, size)))).toEqual(TRICKY_ROWS);
  });

  it("drops a UTF-8 BOM and reads UTF-16LE exports", async () => {
    const bom = join(dir, "bom.csv");
    await writeFile(bom, `\uFEFFOrder ID,Qty\r\n1,2\r\n`);
    expect((await collect(readCsvRows(bom)))[0]?.cells).toEqual(["Order ID", "Qty"]);
    const utf16 = join(dir, "utf16.csv");
    await writeFile(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Mã đơn hàng\tSố lượng\r\n1\t2\r\n", "utf16le")]),
    );
    expect(await collect(readCsvRows(utf16))).toEqual([
      { line: 1, cells: ["Mã đơn hàng", "Số lượng"] },
      { line: 2, cells: ["1", "2"] },
    ]);
  });

  it("sniffs the delimiter from the header line, not from trailing tabs or grouped numbers", () => {
    expect(sniffDelimiter("Order ID,Status,Qty\n578890915909831224\t,Done,1\n")).toBe(",");
    expect(sniffDelimiter('Title\nOrder ID\tAmount\tQty\n1\t"1,234.50"\t2\n')).toBe("\t");
    expect(sniffDelimiter("Order ID;Amount;Qty\n1;1,5;2\n")).toBe(";");
  });

  it("fails on an unterminated quote instead of swallowing the file", async () => {
    await expect(collect(readCsvRows(pieces('a,b\n"open,2\n3,4\n', 4)))).rejects.toMatchObject({
      key: "import.unterminated_quote",
      params: { line: 2 },
    });
  });
});

describe("XML scanner", () => {
  const DOC =
    '<?xml version="1.0"?><!-- note --><x:row r="1" data=\'a>b\'><x:c r="A1" t="inlineStr"><x:is><x:t>Tom &amp; Jerry &#8364;&#x41;</x:t></x:is></x:c><x:c r="B1"/><![CDATA[<raw>]]></x:row>';
  function events(chunks: string[]): string[] {
    const out: string[] = [];
    const h: XmlHandler = {
      open: (name, attrs, self) =>
        out.push(`open ${name} r=${xmlAttr(attrs, "r") ?? ""} data=${xmlAttr(attrs, "data") ?? ""} ${self}`),
      close: (name) => out.push(`close ${name}`),
      text: (t) => {
        if (out.at(-1)?.startsWith("text ")) out[out.length - 1] += t;
        else out.push(`text ${t}`);
      },
    };
    const s = new XmlScanner(h);
    for (const c of chunks) s.write(c);
    s.end();
    return out;
  }

  it("emits the same events for any split of the document", () => {
    const whole = events([DOC]);
    expect(whole).toContain("text Tom & Jerry €A");
    expect(whole).toContain("open row r=1 data=a>b false");
    expect(whole).toContain("open c r=B1 data= true");
    expect(whole).toContain("text <raw>");
    for (let i = 1; i < DOC.length; i++) expect(events([DOC.slice(0, i), DOC.slice(i)])).toEqual(whole);
  });
});

describe("XLSX", () => {
  it("reads shared and inline strings, numbers, gaps and row numbers", async () => {
    for (const inlineStrings of [false, true]) {
      const path = join(dir, `cells-${inlineStrings}.xlsx`);
      await writeXlsx(
        path,
        [
          {
            name: "Sheet1",
            rows: [
              ["Order ID", "Qty", null, "Note"],
              ["578890915909831224\t", 2, null, 'Tom & "Jerry" <3\r\nline 2'],
              [],
              [null, null, 45444.40625],
            ],
          },
        ],
        { inlineStrings, prefix: inlineStrings ? "x" : undefined },
      );
      expect(await collect(readXlsxRows(path))).toEqual([
        { line: 1, cells: ["Order ID", "Qty", "", "Note"] },
        { line: 2, cells: ["578890915909831224\t", "2", "", 'Tom & "Jerry" <3\r\nline 2'] },
        { line: 4, cells: ["", "", "45444.40625"] },
      ]);
    }
  });

  it("reads the OrderSKUList sheet when the workbook has one, else the first, or the one asked for", async () => {
    const path = join(dir, "sheets.xlsx");
    await writeXlsx(path, [
      { name: "Guide", rows: [["read me"]] },
      { name: "OrderSKUList", rows: [["Order ID"]] },
    ]);
    expect((await collect(readXlsxRows(path)))[0]?.cells).toEqual(["Order ID"]);
    expect((await collect(readXlsxRows(path, { sheet: "Guide" })))[0]?.cells).toEqual(["read me"]);
    await expect(collect(readXlsxRows(path, { sheet: "Nope" }))).rejects.toThrow(/no sheet named "Nope"/);
  });

  it("is told from CSV by its first bytes, not its name", async () => {
    const xlsxNamedCsv = join(dir, "export.csv");
    await writeXlsx(xlsxNamedCsv, [{ name: "Sheet1", rows: [["a", "b"]] }]);
    const csvNamedXlsx = join(dir, "export.xlsx");
    await writeFile(csvNamedXlsx, "a,b\n");
    expect(await detectFileFormat(xlsxNamedCsv)).toBe("xlsx");
    expect(await detectFileFormat(csvNamedXlsx)).toBe("csv");
    expect(await collect(readExportRows(xlsxNamedCsv))).toEqual([{ line: 1, cells: ["a", "b"] }]);
    expect(await collect(readExportRows(csvNamedXlsx))).toEqual([{ line: 1, cells: ["a", "b"] }]);
    const xls = join(dir, "old.xls");
    await writeFile(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(detectFileFormat(xls)).rejects.toThrow(/legacy \.xls/);
  });
});
