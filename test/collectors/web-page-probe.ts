// Run by web-page.test.ts through bin/run-ts.mjs (tsx, the CLI's own loader), so the
// collector is exercised exactly as `earshot start` runs it: tsx rewrites functions in
// ways that can break code serialised into the browser.
import { webPageCollector as d } from "../../collectors/web-page/web-page.collector.ts";
import { TestSharedResources, makeContext } from "./harness.ts";

const shared = new TestSharedResources();
try {
  const r = await d.collect(makeContext(d, JSON.parse(process.argv[2]), { shared }));
  process.stdout.write(JSON.stringify(r.posts.map((p) => p.externalId)) + "\n");
} finally {
  await shared.disposeAll();
}
