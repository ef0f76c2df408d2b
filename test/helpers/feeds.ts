// Hand-written feed fixtures (our own words, no real posts).
export interface FixtureItem { id: string; title: string; body: string; date: Date; link?: string; author?: string }

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function rss(items: FixtureItem[], opts: { encoding?: string; title?: string } = {}): string {
  return `<?xml version="1.0" encoding="${opts.encoding ?? "UTF-8"}"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${esc(opts.title ?? "Fixture feed")}</title><link>http://127.0.0.1/</link><description>fixture</description><language>en</language>
${items.map((i) => `<item><guid>${esc(i.id)}</guid><title>${esc(i.title)}</title><link>${esc(i.link ?? `http://127.0.0.1/posts/${i.id}?utm_source=feed`)}</link><description>${esc(i.body)}</description><pubDate>${i.date.toUTCString()}</pubDate>${i.author ? `<dc:creator>${esc(i.author)}</dc:creator>` : ""}</item>`).join("\n")}
</channel></rss>`;
}

export function atom(items: FixtureItem[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture atom</title><id>urn:fixture</id><updated>${new Date().toISOString()}</updated>
${items.map((i) => `<entry><id>${esc(i.id)}</id><title>${esc(i.title)}</title><link href="${esc(i.link ?? `http://127.0.0.1/a/${i.id}`)}"/><updated>${i.date.toISOString()}</updated><content type="html">${esc(i.body)}</content>${i.author ? `<author><name>${esc(i.author)}</name></author>` : ""}</entry>`).join("\n")}
</feed>`;
}
