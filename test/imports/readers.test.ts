// The two row readers and the format sniffing on top: quoting, line numbers, encodings, chunk boundaries,
// XLSX strings, gaps, prefixes and sheet choice; and the limits they enforce (limits.ts), whatever the chunks.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsvRows, sniffDelimiter } from "../../src/imports/csv-reader.js";
import { detectFileFormat, readExportRows } from "../../src/imports/export-rows.js";
import type { RawRow } from "../../src/imports/raw-row.js";
import { readXlsxRows } from "../../src/imports/xlsx-reader.js";
import { type XmlHandler, XmlScanner, xmlAttr } from "../../src/imports/xml-scanner.js";
import { writeHostileFile } from "../support/export-files.js";
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

describe("limits", () => {
  const refusal = async (rows: AsyncIterable<RawRow>) => {
    try {
      await collect(rows);
    } catch (error) {
      return error as { key: string; params: Record<string, string | number> };
    }
    throw new Error("the file was read to its end");
  };

  it("refuses a cell reference past XFD before filling a single empty cell", async () => {
    const path = join(dir, "far.xlsx");
    await writeHostileFile(path, "far-reference");
    expect(await refusal(readXlsxRows(path))).toMatchObject({
      key: "import.limit.columns",
      params: { line: 3, ref: " (ZZZZZZ3)" },
    });
  });

  it("fills the gaps between cells only up to MAX_FILLED_PER_CELL per cell written", async () => {
    const path = join(dir, "sparse.xlsx");
    await writeHostileFile(path, "sparse-cells");
    expect(await refusal(readXlsxRows(path))).toMatchObject({ key: "import.limit.sparse" });
    // The same far cells after enough written ones are within the budget: read, gaps and all.
    const dense = join(dir, "dense.xlsx");
    await writeXlsx(dense, [
      {
        name: "Sheet1",
        rows: [
          ["a", "b"],
          [...Array(99).fill(null), "far"],
        ],
      },
    ]);
    expect((await collect(readXlsxRows(dense)))[1]?.cells).toHaveLength(100);
  });

  it("refuses an XML tag longer than MAX_TAG_CHARS, whatever the chunks", () => {
    let error: unknown;
    const scanner = new XmlScanner({ open() {}, close() {}, text() {} }, "xl/worksheets/sheet1.xml");
    try {
      scanner.write('<row r="1"><c r="A1" x="');
      for (let i = 0; i < 200; i++) scanner.write("a".repeat(1000));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ key: "import.limit.tag", params: { limit: "65,536" } });
  });

  it("refuses CSV rows past the line, cell and column limits, and an unclosed quote past the cell limit", async () => {
    const cases: [string, string][] = [
      [`a,b\n1,${`${"y".repeat(1600)},`.repeat(700)}\n`, "import.limit.line"],
      [`a,b\n1,${"x".repeat(40_000)}\n`, "import.limit.cell"],
      [`a,b\n1${",1".repeat(16_400)}\n`, "import.limit.columns"],
      [`a,b\n1,"${"open, never closed ".repeat(3000)}`, "import.limit.quote"],
    ];
    for (const [text, key] of cases)
      for (const size of [1 << 16, 4099])
        expect(await refusal(readCsvRows(pieces(text, size)))).toMatchObject({ key, params: { line: 2 } });
  });
});
