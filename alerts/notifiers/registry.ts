// The one notifier registry. Add a channel type by creating
// alerts/notifiers/<id>/<id>.notifier.ts and listing it here; test/notifiers/registry.test.ts
// fails when a folder is missing from this list or ids collide.
import type { NotifierDescriptor } from "./types.ts";
import { webhookNotifier } from "./webhook/webhook.notifier.ts";
import { logNotifier } from "./log/log.notifier.ts";

export const notifiers: NotifierDescriptor<any, any>[] = [webhookNotifier, logNotifier];

export function getNotifier(id: string): NotifierDescriptor<any, any> | undefined {
  return notifiers.find((n) => n.id === id);
}
