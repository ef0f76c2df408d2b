// Feishu/Lark custom bot. With "signature verification" enabled, each body carries
// `timestamp` (unix seconds) and `sign` = base64(HMAC-SHA256(key = timestamp + "\n" +
// secret, message = empty)), per Feishu's custom-bot guide; the server rejects
// timestamps more than an hour away. Errors come back as HTTP 200 with a non-zero code.
import { createHmac } from "node:crypto";
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { renderFeishu } from "./feishu.render.ts";
import { checkChatResponse, httpParams, postJson } from "../send-common.ts";

export function signFeishu(secret: string, timestampSec: number): string {
  return createHmac("sha256", `${timestampSec}\n${secret}`).update(Buffer.alloc(0)).digest("base64");
}

/** Feishu codes worth retrying: 11232 = frequency limited. */
const RETRYABLE = [11232];

export const feishuNotifier = defineNotifier({
  id: "feishu",
  title: "Feishu / Lark custom bot (signed)",
  params: z.object({
    url: z.string().url().describe("Bot webhook URL, https://open.feishu.cn/open-apis/bot/v2/hook/... (a secret)"),
    secret: z.string().min(8).optional().describe("Signing secret from the bot's security settings (use ${ENV_VAR})"),
    ...httpParams,
  }).strict(),
  secrets: ["url", "secret"],
  render: (event) => renderFeishu(event),
  async send(payload, params, ctx) {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = params.secret ? { timestamp: String(timestamp), sign: signFeishu(params.secret, timestamp), ...payload } : payload;
    const res = await postJson(ctx, { ...params, secrets: [params.url, params.secret] }, body);
    return checkChatResponse("feishu", res, RETRYABLE);
  },
});
