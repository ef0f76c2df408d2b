// canonicalizeUrl builds its result in one go instead of assigning URL parts in turn;
// these are the edge cases where the two could drift apart (values are what the
// part-by-part version returned).
import { describe, expect, it } from "vitest";
import { canonicalizeUrl } from "../../analysis/normalize.ts";

const cases: Array<[string, string | null]> = [
  ["https://www./x", "https://www./x"],
  ["https://www.EXAMPLE.com:8443//", "https://example.com:8443/"],
  ["http://example.com:80/", "http://example.com/"],
  ["https://user:pw@www.example.com/a?utm_source=1&b=2", "https://user:pw@example.com/a?b=2"],
  ["https://example.com/a?b=c d&e=%20f&g=h+i", "https://example.com/a?b=c+d&e=+f&g=h+i"],
  ["https://[::1]:8080/x/", "https://[::1]:8080/x"],
  ["https://example.com/?a=1&a=0&A=2", "https://example.com/?a=1&a=0&A=2"],
  ["https://bücher.de/ä?q=ü", "https://xn--bcher-kva.de/%C3%A4?q=%C3%BC"],
  ["https://example.com/?utm_medium=x#top", "https://example.com/"],
  [" https://WWW.Example.com/a/b/?utm_source=x&b=2&fbclid=z&a=1#frag ", "https://example.com/a/b?a=1&b=2"],
  ["ftp://example.com/x", null],
];

describe("canonicalizeUrl edge cases", () => {
  it.each(cases)("%s", (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });
});
