// The one collector registry. Add a collector by creating
// collectors/<id>/<id>.collector.ts and listing it here; test/collectors/registry.test.ts
// fails when a folder is missing from this list or two share an id.
import type { CollectorDescriptor } from "./types.ts";
import { rssCollector } from "./rss/rss.collector.ts";

export const collectors: CollectorDescriptor<any>[] = [rssCollector];

export function getCollector(id: string): CollectorDescriptor<any> | undefined {
  return collectors.find((c) => c.id === id);
}
