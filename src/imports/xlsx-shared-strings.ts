// The shared-string table of an XLSX file: every text cell of the sheet points into it, so it is read whole
// before the sheet. It is the one part of an XLSX import whose memory grows with the file (one JS string per
// distinct text); the sheet itself is streamed. Its size is bounded by MAX_SHARED_STRING_CHARS, each string
// counted at least STRING_OVERHEAD_CHARS so that millions of empty strings are bounded too.
import { formatBytes, LimitExceeded, MAX_SHARED_STRING_CHARS } from "./limits.js";

import type { XlsxPackage } from "./xlsx-package.js";
import { scanPart } from "./xlsx-package.js";
import { decodeOoxmlEscapes } from "./xlsx-text.js";

/** What one more string costs beyond its characters (a pointer and a string header), in characters. */
const STRING_OVERHEAD_CHARS = 16;

export async function readSharedStrings(pkg: XlsxPackage): Promise<string[]> {
  const strings: string[] = [];
  if (!pkg.sharedStringsPart) return strings;
  let inItem = false;
  // Phonetic runs (<rPh>, Japanese furigana) are annotations, not part of the text.
  let inPhonetic = false;
  let inText = false;
  let acc = "";
  let weight = 0;
  const tooBig = () => new LimitExceeded("import.limit.strings", { limit: formatBytes(MAX_SHARED_STRING_CHARS) });
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
        weight += STRING_OVERHEAD_CHARS;
        if (weight > MAX_SHARED_STRING_CHARS) throw tooBig();
        strings.push(decodeOoxmlEscapes(acc));
        inItem = false;
      } else if (name === "rPh") inPhonetic = false;
      else if (name === "t") inText = false;
    },
    text(text) {
      if (!inText) return;
      acc += text;
      weight += text.length;
      if (weight > MAX_SHARED_STRING_CHARS) throw tooBig();
    },
  });
  return strings;
}
