// Cleaning text at the edge, word tables without a prototype, and LIKE patterns that match only themselves.
import { describe, expect, it } from "vitest";
import { charLength, cleanJson, cleanText, likeLiteral, wordTable } from "../../src/domain/text.js";

describe("cleanText", () => {
  it.each([
    ["a\u0000b", "ab"],
    ["bell\u0007", "bell"],
    ["\u001b[31mred", "[31mred"],
    ["next\u0085line", "nextline"],
    ["\u202eevil\u202c", "evil"],
    ["\u2066isolate\u2069", "isolate"],
    ["lone \ud800 high", "lone  high"],
    ["lone \udfff low", "lone  low"],
    ["non\uffffchar", "nonchar"],
    ["tab\tand\r\nbreak", "tab and break"],
  ])("strips what only does harm from %j", (text, clean) => expect(cleanText(text)).toBe(clean));

  it("keeps line breaks and tabs of multi-line text, as \\n", () => {
    expect(cleanText("one\r\ntwo\rthree\n\tfour\u0000", { multiline: true })).toBe("one\ntwo\nthree\n\tfour");
  });

  it("keeps every script, emoji, combining marks and the plain direction marks", () => {
    const text = "口红 🎉 👩‍👩‍👧‍👦 e\u0301 שלום\u200f مرحبا ไทย Tiếng Việt";
    expect(cleanText(text)).toBe(text);
  });

  it("counts characters as a member does", () => {
    expect(charLength("🎉🎉")).toBe(2);
    expect(charLength("口红")).toBe(2);
  });
});

describe("cleanJson", () => {
  it("cleans keys and nested strings, and cuts nesting deeper than anyone sends", () => {
    expect(cleanJson({ "k\u0000": ["v\u0000", 1, null, true, { x: "\u202ey" }] })).toEqual({
      k: ["v", 1, null, true, { x: "y" }],
    });
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(JSON.stringify(cleanJson(deep))).not.toContain("leaf");
  });
});

describe("wordTable", () => {
  const table = wordTable({ video: "video", 视频: "video" });
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])("finds nothing for %j", (word) =>
    expect(table[word]).toBeUndefined(),
  );
  it("finds its own words and cannot be written to", () => {
    expect(table.视频).toBe("video");
    expect(Object.isFrozen(table)).toBe(true);
  });
});

describe("likeLiteral", () => {
  it("escapes the LIKE wildcards and the escape character itself", () => {
    expect(likeLiteral("50%_off\\")).toBe("50\\%\\_off\\\\");
    expect(likeLiteral("ID-beauty")).toBe("ID-beauty");
  });
});
