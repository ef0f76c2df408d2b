// DingTalk custom robot. With the "sign" security setting, the request URL gets
// &timestamp=<ms>&sign=<urlencode(base64(HMAC-SHA256(key = secret, message =
// timestamp + "\n" + secret)))>, per DingTalk's robot guide; the server accepts
// timestamps within an hour. Errors come back as HTTP 200 with errcode != 0.
import { createHmac } from "node:crypto";
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { renderDingTalk } from "./dingtalk.render.ts";
import { checkChatResponse, httpParams, postJson } from "../send-common.ts";

export function signDingTalk(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

export function signedDingTalkUrl(url: string, secret: string, timestampMs: number): string {
  const u = new URL(url);
  u.searchParams.set("timestamp", String(timestampMs));
  u.searchParams.set("sign", signDingTalk(secret, timestampMs));
  return u.toString();
}

/** DingTalk codes worth retrying: 130101 = sending too fast (20 messages/minute per robot). */
const RETRYABLE = [130101];

export const dingtalkNotifier = defineNotifier({
  id: "dingtalk",
  title: "DingTalk robot (signed, @mentions)",
  params: z.object({
    url: z.string().url().describe("Robot webhook URL with access_token (a secret: use ${ENV_VAR})"),
    secret: z.string().min(8).optional().describe("Signing secret (SEC...) from the robot's security settings"),
    /** Mobile numbers to @mention. Default none. */
    atMobiles: z.array(z.string().regex(/^[0-9+-]{5,20}$/, "a mobile number")).default([]),
    /** DingTalk user ids to @mention. Default none. */
    atUserIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a DingTalk user id")).default([]),
    /** Keyword appended to every message, for robots secured by "custom keywords". */
    keyword: z.string().min(1).optional(),
    ...httpParams,
  }).strict(),
  secrets: ["url", "secret"],
  render: (event, params) => renderDingTalk(event, params),
  async send(payload, params, ctx) {
    const url = params.secret ? signedDingTalkUrl(params.url, params.secret, Date.now()) : params.url;
    const res = await postJson(ctx, { ...params, url, secrets: [params.url, params.secret] }, payload);
    return checkChatResponse("dingtalk", res, RETRYABLE);
  },
});
