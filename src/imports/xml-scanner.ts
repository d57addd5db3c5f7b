// A small streaming XML tokenizer, enough for the parts of an XLSX file we read (workbook, relationships, shared
// strings, worksheets). A general SAX parser measured ~20k rows/s on a 55-column sheet; cutting tags with
// indexOf is several times faster. It handles what SpreadsheetML writers produce: namespace prefixes ("x:c"),
// self-closing tags, quoted attribute values that contain ">", the five named entities and numeric character
// references, CDATA, comments, processing instructions and a DOCTYPE without an internal subset. It does not
// validate: a malformed file gives odd cells, not a crash. It is linear: a token cut by a chunk boundary is held
// (at most MAX_TAG_CHARS) and continued, never rescanned from the start of the text.
import { wordTable } from "../domain/text.js";
import { formatCount, LimitExceeded, MAX_TAG_CHARS } from "./limits.js";

export interface XmlHandler {
  /** `name` is the local name (prefix dropped); `attrs` the raw attribute text, read with `xmlAttr`. */
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data with entities decoded; only called with non-empty text, possibly in several pieces. */
  text(text: string): void;
}

const SLASH = 47;
const LT = 60;
/** "&#x10FFFF;": the longest entity or character reference we decode. */
const MAX_ENTITY_CHARS = 12;
const BANG = 33;
const QUESTION = 63;

export class XmlScanner {
  private buf = "";
  constructor(
    private readonly handler: XmlHandler,
    /** The part being read ("xl/worksheets/sheet1.xml"), for the message when a tag is too long. */
    private readonly part = "",
  ) {}

  /**
   * Scans a chunk. Text held from the last chunk (a tag it cut, at most MAX_TAG_CHARS) is continued: a chunk
   * that cannot end it (no ">") is only appended, so an unclosed "<" costs one pass over the file, not one
   * rescan of the held text per chunk.
   */
  write(chunk: string): void {
    if (this.buf.charCodeAt(0) === LT && chunk.indexOf(">") === -1) {
      this.buf += chunk;
      this.checkHeld();
      return;
    }
    const buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    const consumed = this.scan(buf);
    this.buf = consumed >= buf.length ? "" : buf.slice(consumed);
    this.checkHeld();
  }

  private checkHeld(): void {
    if (this.buf.length > MAX_TAG_CHARS)
      throw new LimitExceeded("import.limit.tag", { limit: formatCount(MAX_TAG_CHARS), part: this.part || "XML" });
  }

  /** Flushes trailing text; an unterminated tag at the end of the document is dropped. */
  end(): void {
    const rest = this.buf;
    this.buf = "";
    const lt = rest.indexOf("<");
    const text = lt === -1 ? rest : rest.slice(0, lt);
    if (text.length > 0) this.handler.text(decodeEntities(text));
  }

  /** Emits every complete token of `buf` and returns how much of it was consumed. */
  private scan(buf: string): number {
    const h = this.handler;
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      const lt = buf.indexOf("<", pos);
      if (lt === -1) {
        // Text with no tag after it yet: an entity may be cut in two, so hold back the last "&" when it is near
        // enough to the end to start one ("&#x10FFFF;" is the longest), and emit the rest.
        const amp = buf.lastIndexOf("&");
        const cut = amp >= pos && amp > len - MAX_ENTITY_CHARS && buf.indexOf(";", amp) === -1 ? amp : len;
        if (cut > pos) h.text(decodeEntities(buf.slice(pos, cut)));
        return cut;
      }
      if (lt > pos) h.text(decodeEntities(buf.slice(pos, lt)));
      pos = lt;
      if (lt + 1 >= len) return lt;
      const c1 = buf.charCodeAt(lt + 1);
      if (c1 === SLASH) {
        const gt = buf.indexOf(">", lt);
        if (gt === -1) return lt;
        let name = buf.slice(lt + 2, gt);
        if (isSpace(name.charCodeAt(name.length - 1))) name = name.trim();
        h.close(localName(name));
        pos = gt + 1;
      } else if (c1 === BANG) {
        if (len - lt < 9) return lt;
        if (buf.startsWith("<!--", lt)) {
          const end = buf.indexOf("-->", lt + 4);
          if (end === -1) return lt;
          pos = end + 3;
        } else if (buf.startsWith("<![CDATA[", lt)) {
          const end = buf.indexOf("]]>", lt + 9);
          if (end === -1) return lt;
          if (end > lt + 9) h.text(buf.slice(lt + 9, end));
          pos = end + 3;
        } else {
          const gt = buf.indexOf(">", lt);
          if (gt === -1) return lt;
          pos = gt + 1;
        }
      } else if (c1 === QUESTION) {
        const end = buf.indexOf("?>", lt + 2);
        if (end === -1) return lt;
        pos = end + 2;
      } else {
        const gt = tagEnd(buf, lt + 1);
        if (gt === -1) return lt;
        const selfClosing = buf.charCodeAt(gt - 1) === SLASH;
        const inner = buf.slice(lt + 1, selfClosing ? gt - 1 : gt);
        let nameEnd = 0;
        while (nameEnd < inner.length && !isSpace(inner.charCodeAt(nameEnd))) nameEnd++;
        const name = localName(inner.slice(0, nameEnd));
        h.open(name, inner.slice(nameEnd), selfClosing);
        if (selfClosing) h.close(name);
        pos = gt + 1;
      }
    }
    return pos;
  }
}

/** Index of the ">" closing the start tag whose name begins at `from`, skipping quoted values; -1 if not there yet. */
function tagEnd(buf: string, from: number): number {
  let i = from;
  for (;;) {
    const gt = buf.indexOf(">", i);
    if (gt === -1) return -1;
    let q = -1;
    for (let j = i; j < gt; j++) {
      const c = buf.charCodeAt(j);
      if (c === 34 || c === 39) {
        q = j;
        break;
      }
    }
    if (q === -1) return gt;
    const close = buf.indexOf(buf[q] as string, q + 1);
    if (close === -1) return -1;
    i = close + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon === -1 ? qname : qname.slice(colon + 1);
}

const NAMED = wordTable<string>({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" });

export function decodeEntities(s: string): string {
  if (s.indexOf("&") === -1) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) === 35) {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/**
 * The value of the attribute whose local name is `name` ("r", "t", or "id" for "r:id"), entities decoded;
 * undefined when absent.
 */
export function xmlAttr(attrs: string, name: string): string | undefined {
  // Fast path for the usual ` name="value"` (worksheets have millions of cell tags); anything else, such as
  // single quotes, a prefix or spaces around "=", goes through the full scan below.
  const at = attrs.indexOf(name);
  if (at === -1) return undefined;
  if (at > 0 && isSpace(attrs.charCodeAt(at - 1)) && attrs.charCodeAt(at + name.length) === 61) {
    const q = at + name.length + 1;
    if (attrs.charCodeAt(q) === 34) {
      const close = attrs.indexOf('"', q + 1);
      if (close !== -1) return decodeEntities(attrs.slice(q + 1, close));
    }
  }
  let i = 0;
  const len = attrs.length;
  while (i < len) {
    const eq = attrs.indexOf("=", i);
    if (eq === -1) return undefined;
    const key = attrs.slice(i, eq).trim();
    let q = eq + 1;
    while (q < len && isSpace(attrs.charCodeAt(q))) q++;
    const quote = attrs[q];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = attrs.indexOf(quote, q + 1);
    if (close === -1) return undefined;
    // "xmlns:r" declares a prefix; it is not an attribute named "r".
    if (localName(key) === name && !key.startsWith("xmlns")) return decodeEntities(attrs.slice(q + 1, close));
    i = close + 1;
  }
  return undefined;
}
