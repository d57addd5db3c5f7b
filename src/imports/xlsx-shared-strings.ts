// The shared-string table of an XLSX file: every text cell of the sheet points into it, so it is read whole
// before the sheet. It is the one part of an XLSX import whose memory grows with the file (one JS string per
// distinct text); the sheet itself is streamed.

import type { XlsxPackage } from "./xlsx-package.js";
import { scanPart } from "./xlsx-package.js";
import { decodeOoxmlEscapes } from "./xlsx-text.js";

export async function readSharedStrings(pkg: XlsxPackage): Promise<string[]> {
  const strings: string[] = [];
  if (!pkg.sharedStringsPart) return strings;
  let inItem = false;
  // Phonetic runs (<rPh>, Japanese furigana) are annotations, not part of the text.
  let inPhonetic = false;
  let inText = false;
  let acc = "";
  await scanPart(pkg.text, pkg.sharedStringsPart, {
    open(name, _attrs, selfClosing) {
      if (name === "si") {
        inItem = true;
        acc = "";
      } else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && inItem && !inPhonetic && !selfClosing) inText = true;
    },
    close(name) {
      if (name === "si") {
        strings.push(decodeOoxmlEscapes(acc));
        inItem = false;
      } else if (name === "rPh") inPhonetic = false;
      else if (name === "t") inText = false;
    },
    text(text) {
      if (inText) acc += text;
    },
  });
  return strings;
}
