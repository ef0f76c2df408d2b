// The one notifier registry. Add a channel type by creating
// alerts/notifiers/<id>/<id>.notifier.ts and listing it here; test/notifiers/registry.test.ts
// fails when a folder is missing from this list or ids collide.
import type { NotifierDescriptor } from "./types.ts";
import { webhookNotifier } from "./webhook/webhook.notifier.ts";
import { logNotifier } from "./log/log.notifier.ts";
import { emailNotifier } from "./email/email.notifier.ts";
import { slackNotifier } from "./slack/slack.notifier.ts";
import { teamsNotifier } from "./teams/teams.notifier.ts";
import { feishuNotifier } from "./feishu/feishu.notifier.ts";
import { dingtalkNotifier } from "./dingtalk/dingtalk.notifier.ts";
import { wecomNotifier } from "./wecom/wecom.notifier.ts";
import { pagerdutyNotifier } from "./pagerduty/pagerduty.notifier.ts";

export const notifiers: NotifierDescriptor<any, any>[] = [
  webhookNotifier, logNotifier, emailNotifier, slackNotifier, teamsNotifier,
  feishuNotifier, dingtalkNotifier, wecomNotifier, pagerdutyNotifier,
];

export function getNotifier(id: string): NotifierDescriptor<any, any> | undefined {
  return notifiers.find((n) => n.id === id);
}
