// Slack incoming webhook (https://hooks.slack.com/services/...). The URL is the
// credential. Slack answers 200 "ok"; 4xx bodies name the problem (invalid_payload,
// no_service, channel_is_archived) and are permanent.
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { renderSlack } from "./slack.render.ts";
import { httpParams, postJson } from "../send-common.ts";

export const slackNotifier = defineNotifier({
  id: "slack",
  title: "Slack (incoming webhook, Block Kit)",
  params: z.object({
    url: z.string().url().describe("Incoming webhook URL (a secret: use ${ENV_VAR})"),
    /** Display name override; ignored by newer Slack apps. Default: the app's name. */
    username: z.string().min(1).optional(),
    ...httpParams,
  }).strict(),
  secrets: ["url"],
  render: (event, params) => renderSlack(event, { username: params.username }),
  async send(payload, params, ctx) {
    const res = await postJson(ctx, params, payload);
    return { statusCode: res.status, response: res.text.slice(0, 200) };
  },
});
