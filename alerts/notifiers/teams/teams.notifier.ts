// Microsoft Teams through a Workflows (Power Automate) webhook. The URL carries a
// signature (sig=...) and is the credential. Workflows answer 202 Accepted.
import { z } from "zod";
import { defineNotifier } from "../types.ts";
import { renderTeams } from "./teams.render.ts";
import { httpParams, postJson } from "../send-common.ts";

export const teamsNotifier = defineNotifier({
  id: "teams",
  title: "Microsoft Teams (Workflows webhook, Adaptive Card)",
  params: z.object({
    url: z.string().url().describe("Workflow webhook URL (a secret: use ${ENV_VAR})"),
    ...httpParams,
  }).strict(),
  secrets: ["url"],
  render: (event) => renderTeams(event),
  async send(payload, params, ctx) {
    const res = await postJson(ctx, params, payload);
    return { statusCode: res.status, response: res.text.slice(0, 200) };
  },
});
