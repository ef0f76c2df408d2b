// PagerDuty Events API v2 (POST /v2/enqueue, 202 Accepted). The routing key is the
// credential and is added to the body only at send time, so rendered payloads and
// attempt logs never contain it.
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { renderPagerDuty } from "./pagerduty.render.ts";
import { httpParams, postJson } from "../send-common.ts";

export const pagerdutyNotifier = defineNotifier({
  id: "pagerduty",
  title: "PagerDuty (Events API v2)",
  params: z.object({
    routingKey: z.string().min(20).max(64).describe("Integration key of an Events API v2 integration (a secret: use ${ENV_VAR})"),
    /** Events endpoint. Default https://events.pagerduty.com/v2/enqueue (EU: events.eu.pagerduty.com). */
    url: z.string().url().default("https://events.pagerduty.com/v2/enqueue"),
    /** `payload.source` shown in PagerDuty. Default "earshot". */
    source: z.string().min(1).default("earshot"),
    ...httpParams,
  }).strict(),
  secrets: ["routingKey"],
  render: (event, params) => renderPagerDuty(event, { source: params.source }),
  async send(payload, params, ctx) {
    const res = await postJson(ctx, { ...params, secrets: [params.routingKey] }, { routing_key: params.routingKey, ...payload });
    return { statusCode: res.status, response: res.text.slice(0, 200) };
  },
});
