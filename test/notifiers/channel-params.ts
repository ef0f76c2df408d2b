// Valid params for every registered notifier, pointing at local receivers. The
// contract suite fails when a registered notifier has no entry here, so a new
// channel cannot skip it.
export const TOKEN = "tok-SECRET-9f8e7d6c5b4a3210";

export const SECRET_VALUES = {
  webhook: "whsec-SECRET-1234567890",
  feishu: "SECfeishu-SECRET-abcdef",
  dingtalk: "SECding-SECRET-abcdef0123",
  pagerduty: "R0UTINGKEY-SECRET-0123456789abcd",
  smtp: "smtp-SECRET-pass-42",
};

export function rawParamsFor(id: string, base: string, smtpPort = 2525): Record<string, unknown> | undefined {
  const http = { allowPrivateNetwork: true, timeoutMs: 400 };
  switch (id) {
    case "webhook": return { url: `${base}/hook/${TOKEN}`, secret: SECRET_VALUES.webhook, ...http };
    case "slack": return { url: `${base}/services/T000/B000/${TOKEN}`, ...http };
    case "teams": return { url: `${base}/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=${TOKEN}`, ...http };
    case "feishu": return { url: `${base}/open-apis/bot/v2/hook/${TOKEN}`, secret: SECRET_VALUES.feishu, ...http };
    case "dingtalk": return { url: `${base}/robot/send?access_token=${TOKEN}`, secret: SECRET_VALUES.dingtalk, atMobiles: ["13800000000"], atUserIds: ["user123"], ...http };
    case "wecom": return { url: `${base}/cgi-bin/webhook/send?key=${TOKEN}`, mentionUserIds: ["zhangsan"], ...http };
    case "pagerduty": return { routingKey: SECRET_VALUES.pagerduty, url: `${base}/v2/enqueue`, ...http };
    case "email": return { host: "127.0.0.1", port: smtpPort, user: "alerts", password: SECRET_VALUES.smtp, from: "Earshot <alerts@earshot.example>", to: ["oncall@acme.example"], timeoutMs: 1000 };
    case "log": return {};
    default: return undefined;
  }
}

/** Every secret value a params object holds, as the config module would register them. */
export function secretValuesOf(secrets: string[], params: Record<string, unknown>): string[] {
  return secrets.map((k) => params[k]).filter((v): v is string => typeof v === "string");
}
