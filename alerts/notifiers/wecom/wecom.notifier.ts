// WeCom (WeChat Work) group bot: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...
// The key in the URL is the credential. Errors come back as HTTP 200 with errcode != 0.
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { renderWeCom } from "./wecom.render.ts";
import { checkChatResponse, httpParams, postJson } from "../send-common.ts";

/** WeCom codes worth retrying: 45009 = API frequency limit (20 messages/minute per bot), -1 = system busy. */
const RETRYABLE = [45009, -1];

export const wecomNotifier = defineNotifier({
  id: "wecom",
  title: "WeCom group bot",
  params: z.object({
    url: z.string().url().describe("Group bot webhook URL with key=... (a secret: use ${ENV_VAR})"),
    /** WeCom user ids to @mention (rendered as <@userid>). Default none; "@all" is refused. */
    mentionUserIds: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "a WeCom user id (not @all)")).default([]),
    ...httpParams,
  }).strict(),
  secrets: ["url"],
  render: (event, params) => renderWeCom(event, { mentionUserIds: params.mentionUserIds }),
  async send(payload, params, ctx) {
    const res = await postJson(ctx, params, payload);
    return checkChatResponse("wecom", res, RETRYABLE);
  },
});
