// The one collector registry. Add a collector by creating
// collectors/<id>/<id>.collector.ts and listing it here; test/collectors/registry.test.ts
// fails when a folder is missing from this list or two share an id.
import type { CollectorDescriptor } from "./types.ts";
import { rssCollector } from "./rss/rss.collector.ts";
import { newsSearchCollector } from "./news-search/news-search.collector.ts";
import { redditCollector } from "./reddit/reddit.collector.ts";
import { hackernewsCollector } from "./hackernews/hackernews.collector.ts";
import { mastodonCollector } from "./mastodon/mastodon.collector.ts";
import { blueskyCollector } from "./bluesky/bluesky.collector.ts";
import { youtubeCollector } from "./youtube/youtube.collector.ts";
import { rsshubCollector } from "./rsshub/rsshub.collector.ts";
import { webPageCollector } from "./web-page/web-page.collector.ts";
import { fileImportCollector } from "./file-import/file-import.collector.ts";
import { pushCollector } from "./push/push.collector.ts";

export const collectors: CollectorDescriptor<any>[] = [
  rssCollector,
  newsSearchCollector, redditCollector, hackernewsCollector, mastodonCollector, blueskyCollector,
  youtubeCollector, rsshubCollector, webPageCollector, fileImportCollector, pushCollector,
];

export function getCollector(id: string): CollectorDescriptor<any> | undefined {
  return collectors.find((c) => c.id === id);
}
