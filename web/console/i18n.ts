// Console text in English and Simplified Chinese, switched per user (User.locale).
// Keys are English phrases' ids; a missing Chinese string falls back to English, and a
// test checks both dictionaries have the same keys.

export const en = {
  appName: "Earshot", inbox: "Inbox", cases: "Cases", logout: "Log out", login: "Log in", email: "E-mail", password: "Password",
  language: "Language", switchLanguage: "Switch language", skipToContent: "Skip to content",
  loginFailed: "Login failed", filters: "Filters", brand: "Brand", severity: "Severity", category: "Category", state: "State",
  any: "Any", apply: "Apply", type: "Type", title: "Title", risk: "Risk", due: "SLA due", owner: "Owner", detected: "Detected",
  incident: "Incident", case: "Case", overdue: "overdue", nothing: "Nothing needs attention. Silence is not a metric of success: check your sources.",
  liveUpdates: "Updates live", lastUpdated: "Last updated",
  acknowledge: "Acknowledge", acknowledged: "Acknowledged", openCase: "Open case", timeline: "3W timeline: what we knew, when, what we did",
  growth: "Story growth (posts per hour, cumulative)", predictedSize: "Predicted size", topPosts: "Top posts", status: "Status",
  linkedCases: "Cases", noPosts: "No posts", steps: "The eight steps", step: "Step",
  "step.recorded": "Recorded", "step.validity_judged": "Validity judged", "step.scope_determined": "Scope determined",
  "step.cause_analysed": "Cause analysed", "step.resolution_proposed": "Resolution proposed", "step.approved": "Approved",
  "step.carried_out": "Carried out", "step.reviewed": "Reviewed", "step.dismissed": "Dismissed",
  judgeValid: "Valid complaint", notAComplaint: "Not a complaint", malicious: "Malicious",
  scope: "Scope (what the handling covers)", cause: "Cause", causeSource: "Cause lies with", resolution: "Proposed resolution",
  approve: "Approve", reject: "Reject", reason: "Reason", carryOut: "Mark carried out", review: "Review",
  outcome: "Outcome", wonBack: "Customer won back", churned: "Customer churned", lessons: "Lessons learned", reopen: "Reopen",
  submit: "Save", taxonomy: "Complaint taxonomy", servqual: "SERVQUAL dimension", failureType: "Failure type",
  recovery: "Service recovery plan", mode: "Mode", remedy: "Remedy", remedyDetails: "Remedy details", checklist: "4R checklist",
  regret: "Regret (apologised)", reform: "Reform (fixed the cause)", restitution: "Restitution (compensated)", recoveryDone: "Recovery (put right, followed up)",
  publicReply: "Public reply", privateFollowUp: "Private follow-up", respond: "Record reply", replyPublic: "Public", replyPrivate: "Private",
  sla: "SLA", firstResponse: "First response", nextResponse: "Next response", resolutionDue: "Resolution", paused: "Paused: waiting on the customer",
  waitOnCustomer: "Waiting on customer", customerReplied: "Customer replied", breaches: "Breaches", assign: "Assign", assignToMe: "Assign to me", unassigned: "Unassigned",
  customer: "Customer", handles: "Handles", iceberg: "Iceberg estimate", icebergText: "complainer(s) → about {unhappy} unhappy customers, {silent} of them silent; told {low}–{high} people",
  events: "Case history", evidence: "Evidence (posts)", readOnly: "Read-only: your role cannot change anything.",
  shortcuts: "Keyboard: j/k move, Enter open, a acknowledge, c open case, n not a complaint, m malicious, i assign to me, l relabel, ? help",
  approvalNeeded: "Needs approval by a service manager or admin", none: "—", proactive: "Proactive", reactive: "Reactive",
  symbolic: "Symbolic", equivalent: "Equivalent", above_value: "Above value", error: "Error", back: "Back",
  yes: "yes", no: "no", at: "at", by: "by", openedFrom: "Opened from", mentions: "mentions", authors: "authors", rule: "estimate", relabel: "Relabel",
  openCases: "Open cases", complainers30d: "Complainers (30 days)", unhappy: "unhappy customers", silent: "silent",
} as const;

export type MessageKey = keyof typeof en;

export const zhCN: Partial<Record<MessageKey, string>> = {
  appName: "Earshot 舆情哨", inbox: "待办", cases: "工单", logout: "退出", login: "登录", email: "邮箱", password: "密码",
  language: "语言", switchLanguage: "切换语言", skipToContent: "跳到正文",
  loginFailed: "登录失败", filters: "筛选", brand: "品牌", severity: "严重程度", category: "类别", state: "状态",
  any: "全部", apply: "应用", type: "类型", title: "标题", risk: "风险", due: "SLA 截止", owner: "负责人", detected: "发现时间",
  incident: "事件", case: "工单", overdue: "已超时", nothing: "暂无待处理事项。没有投诉不代表客户满意：请检查数据源。",
  liveUpdates: "实时更新", lastUpdated: "更新于",
  acknowledge: "确认", acknowledged: "已确认", openCase: "建立工单", timeline: "3W 时间线：知道了什么、何时知道、做了什么",
  growth: "话题增长（每小时帖子数，累计）", predictedSize: "预测规模", topPosts: "热门帖子", status: "状态",
  linkedCases: "工单", noPosts: "没有帖子", steps: "投诉处理八步", step: "步骤",
  "step.recorded": "记录投诉", "step.validity_judged": "判定有效性", "step.scope_determined": "确定处理范围",
  "step.cause_analysed": "分析原因", "step.resolution_proposed": "提出解决方案", "step.approved": "获得批准",
  "step.carried_out": "实施方案", "step.reviewed": "回顾评估", "step.dismissed": "已驳回",
  judgeValid: "有效投诉", notAComplaint: "不是投诉", malicious: "恶意投诉",
  scope: "处理范围", cause: "原因", causeSource: "原因归属", resolution: "解决方案",
  approve: "批准", reject: "驳回", reason: "理由", carryOut: "标记为已实施", review: "回顾",
  outcome: "结果", wonBack: "已挽回客户", churned: "客户已流失", lessons: "经验教训", reopen: "重新打开",
  submit: "保存", taxonomy: "投诉分类", servqual: "SERVQUAL 维度", failureType: "失误类型",
  recovery: "服务补救计划", mode: "方式", remedy: "补救", remedyDetails: "补救详情", checklist: "4R 清单",
  regret: "致歉 (Regret)", reform: "改进 (Reform)", restitution: "补偿 (Restitution)", recoveryDone: "恢复与跟进 (Recovery)",
  publicReply: "公开回复", privateFollowUp: "私下跟进", respond: "记录回复", replyPublic: "公开", replyPrivate: "私下",
  sla: "SLA", firstResponse: "首次响应", nextResponse: "下次响应", resolutionDue: "解决", paused: "已暂停：等待客户回复",
  waitOnCustomer: "等待客户", customerReplied: "客户已回复", breaches: "超时记录", assign: "指派", assignToMe: "指派给我", unassigned: "未指派",
  customer: "客户", handles: "账号", iceberg: "冰山估算", icebergText: "位投诉者 → 约 {unhappy} 位不满客户，其中 {silent} 位沉默；约告诉了 {low}–{high} 人",
  events: "工单记录", evidence: "证据（帖子）", readOnly: "只读：您的角色不能修改任何内容。",
  shortcuts: "键盘：j/k 移动，Enter 打开，a 确认，c 建工单，n 不是投诉，m 恶意，i 指派给我，l 重新标注，? 帮助",
  approvalNeeded: "需要服务经理或管理员批准", none: "—", proactive: "主动", reactive: "被动",
  symbolic: "象征性", equivalent: "等值", above_value: "超值", error: "错误", back: "返回",
  yes: "是", no: "否", at: "于", by: "由", openedFrom: "来源", mentions: "条提及", authors: "位作者", rule: "估算", relabel: "重新标注",
  openCases: "未结工单", complainers30d: "投诉者（30 天）", unhappy: "位不满客户", silent: "位沉默",
};

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const dict = locale === "zh-CN" ? zhCN : {};
  return (key, vars) => {
    let s: string = dict[key] ?? en[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
    return s;
  };
}

export const htmlLang = (locale: string) => (locale === "zh-CN" ? "zh-CN" : "en");
