// Case persistence: every change goes through here, is validated by the pure state
// machine (case.states.ts) and is written together with an append-only CaseEvent in one
// transaction. Events of cases linked to an incident are mirrored into the incident's
// 3W timeline. Taxonomy corrections are written as Label rows for the learning loop.
import type { PrismaClient } from "../core/db/index.ts";
import type { EarshotConfig } from "../core/config/schema.ts";
import { enqueueAlert } from "../alerts/outbox.ts";
import { describeError } from "../core/errors.ts";
import { nextState, isClosed, TransitionError, type ActionInput, type CaseAction, type CaseState } from "./case.states.ts";
import { resolveCasesConfig, pickPolicy, type CasesConfig } from "./case.config.ts";
import { addBusinessMinutes, businessMinutesBetween } from "./sla.calendar.ts";
import { recoveryPlanSchema, parseRecovery, type RecoveryPlan } from "./recovery.ts";
import { ensureCustomerForAuthor, customerHistory } from "./customer.identity.ts";
import { icebergEstimate } from "./iceberg.ts";

/** Who is acting: a user (or token) with its effective permissions, or the system. */
export interface Actor {
  label: string;
  userId?: number | null;
  permissions: ReadonlySet<string>;
}

export const SYSTEM_ACTOR: Actor = { label: "system", userId: null, permissions: new Set(["case:work", "case:approve"]) };

export class CaseError extends Error {
  constructor(message: string, readonly status: 400 | 403 | 404 | 409, readonly field?: string) {
    super(message);
    this.name = "CaseError";
  }
}

export const TAXONOMY_FIELDS = {
  severity: ["general", "serious", "malicious"],
  category: ["product", "service", "price", "integrity"],
  servqual: ["tangibles", "reliability", "responsiveness", "assurance", "empathy"],
  failureType: ["outcome", "process"],
} as const;
export type TaxonomyField = keyof typeof TAXONOMY_FIELDS;
export type Taxonomy = Partial<Record<TaxonomyField, string | null>>;
/** Label.field names used by the text-analysis learning loop (Mention column names). */
const LABEL_FIELD: Record<TaxonomyField, string> = { severity: "severity", category: "complaintCategory", servqual: "servqual", failureType: "failureType" };

export interface OpenCaseInput {
  incidentId?: number;
  /** An alert stands for its incident (a case opened from an alert link). */
  alertId?: number;
  mentionId?: number;
  title?: string;
  ownerId?: number | null;
}

export interface SlaBreach { kind: "first_response" | "next_response" | "resolution"; due: string; at: string }

const SEV_FROM_INCIDENT: Record<string, string> = { critical: "serious", warning: "general", info: "general" };

export class CaseService {
  readonly cfg: CasesConfig;

  constructor(private prisma: PrismaClient, private config: Pick<EarshotConfig, "channels" | "delivery" | "alerts"> & { cases?: Partial<CasesConfig> }) {
    this.cfg = resolveCasesConfig(config.cases);
  }

  #calendar(name: string) {
    const c = this.cfg.calendars[name];
    if (!c) throw new CaseError(`SLA policy refers to unknown calendar ${JSON.stringify(name)}`, 400, "calendar");
    return c;
  }

  /** SLA due dates for a case opened at `at`. */
  slaDue(severity: string | null, channel: string | null, at: Date) {
    const p = pickPolicy(this.cfg.sla, severity, channel);
    const cal = this.#calendar(p.calendar);
    return {
      policy: p,
      firstResponseDue: addBusinessMinutes(cal, at, p.firstResponseMinutes),
      resolutionDue: addBusinessMinutes(cal, at, p.resolutionMinutes),
    };
  }

  async #event(tx: Tx, caseId: number, incidentId: number | null, at: Date, actor: Actor, kind: string, before: unknown, after: unknown, note?: string | null) {
    await tx.caseEvent.create({
      data: { caseId, at, actor: actor.label, kind, before: before === undefined ? null : JSON.stringify(before), after: after === undefined ? null : JSON.stringify(after), note: note ?? null },
    });
    if (incidentId) {
      await tx.incidentEvent.create({
        data: { incidentId, at, kind: "case", actor: actor.label, message: `Case #${caseId}: ${kind.replace(/_/g, " ")}${note ? ` (${note.slice(0, 200)})` : ""}`, data: JSON.stringify({ caseId, kind, after }) },
      });
    }
  }

  #need(actor: Actor, perm: string) {
    if (!actor.permissions.has(perm)) throw new CaseError(`this needs the ${perm} permission`, 403);
  }

  async open(input: OpenCaseInput, actor: Actor, now = new Date()) {
    this.#need(actor, "case:work");
    if (input.alertId !== undefined && input.incidentId === undefined) {
      const alert = await this.prisma.alert.findUnique({ where: { id: input.alertId }, select: { incidentId: true } });
      if (!alert) throw new CaseError(`alert ${input.alertId} not found`, 404, "alertId");
      if (!alert.incidentId) throw new CaseError(`alert ${input.alertId} belongs to no incident (e.g. a source-health alert); open the case from a mention`, 400, "alertId");
      input = { ...input, incidentId: alert.incidentId };
    }
    if (!input.incidentId && !input.mentionId) throw new CaseError("give incidentId, alertId or mentionId", 400, "incidentId");
    const incident = input.incidentId ? await this.prisma.incident.findUnique({ where: { id: input.incidentId } }) : null;
    if (input.incidentId && !incident) throw new CaseError(`incident ${input.incidentId} not found`, 404, "incidentId");
    let mention = input.mentionId ? await this.prisma.mention.findUnique({ where: { id: input.mentionId }, include: { author: true } }) : null;
    if (input.mentionId && !mention) throw new CaseError(`mention ${input.mentionId} not found`, 404, "mentionId");
    let evidence: number[] = mention ? [mention.id] : [];
    if (!mention && incident) {
      // The most engaged posts of the story (or, for a volume spike, of the brand around detection) are the evidence; the top one leads.
      const where = incident.storyId
        ? { storyId: incident.storyId }
        : { brandId: incident.brandId ?? "", publishedAt: { gte: new Date((incident.firstPostAt ?? incident.detectedAt).getTime() - 3600_000), lte: new Date(incident.detectedAt.getTime() + 3600_000) } };
      const top = await this.prisma.mention.findMany({ where, orderBy: [{ reposts: "desc" }, { likes: "desc" }, { id: "asc" }], take: 5, include: { author: true } });
      mention = top[0] ?? null;
      evidence = top.map((m) => m.id);
    }
    const brandId = incident?.brandId ?? mention?.brandId;
    if (!brandId) throw new CaseError("the incident has no brand; open the case from a mention instead", 400, "incidentId");
    const severity = mention?.severity ?? (incident ? SEV_FROM_INCIDENT[incident.severity] ?? "general" : "general");
    const channel = mention?.platform ?? null;
    const due = this.slaDue(severity, channel, now);
    const customerId = mention?.author ? await ensureCustomerForAuthor(this.prisma, mention.author) : null;
    const title = input.title?.trim() || incident?.title || (mention ? mention.text.replace(/\s+/g, " ").slice(0, 120) : "Complaint");
    const taxonomy = { severity, category: mention?.complaintCategory ?? null, servqual: mention?.servqual ?? null, failureType: null };
    return this.prisma.$transaction(async (tx) => {
      const c = await tx.case.create({
        data: {
          brandId, incidentId: incident?.id ?? null, storyId: incident?.storyId ?? mention?.storyId ?? null, mentionId: mention?.id ?? null,
          customerId, title, state: "recorded", ...taxonomy, channel, ownerId: input.ownerId ?? null,
          firstResponseDue: due.firstResponseDue, resolutionDue: due.resolutionDue,
          priority: incident?.riskScore ?? (severity === "serious" ? 0.7 : severity === "malicious" ? 0.5 : 0.3),
          createdAt: now,
          ...(evidence.length ? { mentions: { create: evidence.map((mentionId) => ({ mentionId, addedAt: now })) } } : {}),
        },
      });
      await this.#event(tx, c.id, c.incidentId, now, actor, "opened", undefined, { state: "recorded", ...taxonomy, incidentId: c.incidentId, mentionId: c.mentionId, customerId, firstResponseDue: due.firstResponseDue, resolutionDue: due.resolutionDue },
        incident ? `opened from incident #${incident.id}` : `opened from mention #${mention!.id}`);
      return c;
    });
  }

  async #load(id: number) {
    const c = await this.prisma.case.findUnique({ where: { id } });
    if (!c) throw new CaseError(`case ${id} not found`, 404);
    return c;
  }

  async transition(id: number, action: CaseAction, input: ActionInput, actor: Actor, now = new Date()) {
    const c = await this.#load(id);
    let to: CaseState;
    try {
      to = nextState(c.state as CaseState, action, input, actor.permissions);
    } catch (err) {
      if (err instanceof TransitionError) throw new CaseError(err.message, err.code === "forbidden" ? 403 : err.code === "missing_field" ? 400 : 409, err.field);
      throw err;
    }
    const data: Record<string, unknown> = { state: to };
    if (action === "judge_validity") {
      data.validity = input.validity;
      if (input.validity === "malicious") data.severity = "malicious";
    }
    if (action === "determine_scope") data.scope = input.scope;
    if (action === "analyse_cause") { data.cause = input.cause; data.causeSource = input.causeSource ?? null; }
    if (action === "propose_resolution") { data.resolution = input.resolution; data.approvedById = null; data.approvedAt = null; }
    if (action === "approve") { data.approvedById = actor.userId ?? null; data.approvedAt = now; }
    if (action === "reject") { data.approvedById = null; data.approvedAt = null; }
    if (action === "review") { data.outcome = input.outcome; data.churned = input.wonBack === false; data.lessons = input.lessons ?? null; }
    if (isClosed(to)) { data.closedAt = now; data.waitingSince = null; }
    if (action === "reopen") {
      data.closedAt = null;
      const due = this.slaDue(c.severity, c.channel, now);
      data.resolutionDue = due.resolutionDue;
      data.nextResponseDue = due.firstResponseDue;
    }
    const before: Record<string, unknown> = {};
    for (const k of Object.keys(data)) before[k] = (c as Record<string, unknown>)[k] ?? null;
    return this.prisma.$transaction(async (tx) => {
      // Optimistic check: a concurrent transition of the same case loses instead of double-stepping.
      const upd = await tx.case.updateMany({ where: { id, state: c.state }, data });
      if (upd.count !== 1) throw new CaseError(`case ${id} changed while you were working on it; reload`, 409);
      await this.#event(tx, id, c.incidentId, now, actor, action, before, data, input.note ?? input.reason ?? null);
      return tx.case.findUniqueOrThrow({ where: { id } });
    });
  }

  /** Corrects the taxonomy; each changed field becomes a Label row (the learning loop). */
  async setTaxonomy(id: number, t: Taxonomy, actor: Actor, now = new Date()) {
    this.#need(actor, "case:work");
    const c = await this.#load(id);
    const data: Taxonomy = {};
    for (const [k, v] of Object.entries(t) as [TaxonomyField, string | null | undefined][]) {
      if (v === undefined) continue;
      if (v !== null && !(TAXONOMY_FIELDS[k] as readonly string[]).includes(v)) throw new CaseError(`${k} must be one of ${TAXONOMY_FIELDS[k].join(", ")}; got ${JSON.stringify(v)}`, 400, k);
      if ((c as Record<string, unknown>)[k] !== v) data[k] = v;
    }
    if (!Object.keys(data).length) return c;
    // A severity correction changes which SLA applies: recompute the clocks from when the case was opened.
    const sla: Record<string, Date | null> = {};
    if (data.severity !== undefined && !isClosed(c.state)) {
      const due = this.slaDue(data.severity, c.channel, c.createdAt);
      if (!c.firstResponseAt) sla.firstResponseDue = due.firstResponseDue;
      sla.resolutionDue = due.resolutionDue;
    }
    const mention = c.mentionId ? await this.prisma.mention.findUnique({ where: { id: c.mentionId }, select: { id: true, text: true, language: true } }) : null;
    return this.prisma.$transaction(async (tx) => {
      const before = Object.fromEntries([...Object.keys(data), ...Object.keys(sla)].map((k) => [k, (c as Record<string, unknown>)[k] ?? null]));
      const updated = await tx.case.update({ where: { id }, data: { ...data, ...sla } });
      for (const [k, v] of Object.entries(data) as [TaxonomyField, string | null][]) {
        if (v === null) continue;
        await tx.label.create({ data: { mentionId: mention?.id ?? null, text: mention?.text ?? c.title, language: mention?.language ?? null, field: LABEL_FIELD[k], value: v, actor: actor.label, createdAt: now } });
      }
      await this.#event(tx, id, c.incidentId, now, actor, "taxonomy_corrected", before, { ...data, ...sla });
      return updated;
    });
  }

  async setRecovery(id: number, plan: unknown, actor: Actor, now = new Date()) {
    this.#need(actor, "case:work");
    const c = await this.#load(id);
    const parsed = recoveryPlanSchema.safeParse(plan);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new CaseError(`recovery.${i.path.join(".")}: ${i.message}`, 400, `recovery.${i.path.join(".")}`);
    }
    const before = parseRecovery(c.recovery);
    const after: RecoveryPlan = parsed.data;
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.case.update({ where: { id }, data: { recovery: JSON.stringify(after) } });
      await this.#event(tx, id, c.incidentId, now, actor, "recovery_plan", before, after);
      return updated;
    });
  }

  /** Records a reply to the customer (public or private): stops the first-response clock, starts the next-response one. */
  async respond(id: number, r: { channel: "public" | "private"; text: string }, actor: Actor, now = new Date()) {
    this.#need(actor, "case:work");
    const c = await this.#load(id);
    if (isClosed(c.state)) throw new CaseError(`case ${id} is ${c.state}; reopen it first`, 409);
    const p = pickPolicy(this.cfg.sla, c.severity, c.channel);
    // Each reply restarts the next-response clock: the customer is owed regular updates until it is resolved.
    const data = {
      firstResponseAt: c.firstResponseAt ?? now,
      nextResponseDue: addBusinessMinutes(this.#calendar(p.calendar), now, p.nextResponseMinutes),
    };
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.case.update({ where: { id }, data });
      await this.#event(tx, id, c.incidentId, now, actor, r.channel === "public" ? "public_reply" : "private_follow_up", null, { text: r.text }, r.text);
      return updated;
    });
  }

  /** Pauses (waiting on the customer) or resumes the SLA clocks; resuming pushes due dates by the paused business time. */
  async setWaiting(id: number, waiting: boolean, actor: Actor, now = new Date()) {
    this.#need(actor, "case:work");
    const c = await this.#load(id);
    if (waiting === !!c.waitingSince) return c;
    const p = pickPolicy(this.cfg.sla, c.severity, c.channel);
    const cal = this.#calendar(p.calendar);
    let data: Record<string, unknown>;
    if (waiting) data = { waitingSince: now };
    else {
      const paused = businessMinutesBetween(cal, c.waitingSince!, now);
      data = {
        waitingSince: null,
        pausedMs: c.pausedMs + Math.round(now.getTime() - c.waitingSince!.getTime()),
        resolutionDue: c.resolutionDue ? addBusinessMinutes(cal, c.resolutionDue, paused) : null,
        firstResponseDue: c.firstResponseAt || !c.firstResponseDue ? c.firstResponseDue : addBusinessMinutes(cal, c.firstResponseDue, paused),
        // The customer answered: we owe the next response.
        nextResponseDue: c.firstResponseAt ? addBusinessMinutes(cal, now, p.nextResponseMinutes) : c.nextResponseDue,
      };
    }
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.case.update({ where: { id }, data });
      await this.#event(tx, id, c.incidentId, now, actor, waiting ? "waiting_on_customer" : "customer_replied", { waitingSince: c.waitingSince }, data);
      return updated;
    });
  }

  async assign(id: number, ownerId: number | null, actor: Actor, now = new Date()) {
    this.#need(actor, "case:work");
    const c = await this.#load(id);
    if (ownerId !== null) {
      const u = await this.prisma.user.findUnique({ where: { id: ownerId } });
      if (!u || u.disabled) throw new CaseError(`user ${ownerId} not found`, 400, "ownerId");
      if (u.role === "executive") throw new CaseError("executives are read-only and cannot own cases", 400, "ownerId");
    }
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.case.update({ where: { id }, data: { ownerId } });
      await this.#event(tx, id, c.incidentId, now, actor, "assigned", { ownerId: c.ownerId }, { ownerId });
      return updated;
    });
  }

  async attachMention(id: number, mentionId: number, actor: Actor, now = new Date()) {
    this.#need(actor, "case:work");
    const c = await this.#load(id);
    const m = await this.prisma.mention.findUnique({ where: { id: mentionId } });
    if (!m) throw new CaseError(`mention ${mentionId} not found`, 404, "mentionId");
    await this.prisma.$transaction(async (tx) => {
      await tx.caseMention.upsert({ where: { caseId_mentionId: { caseId: id, mentionId } }, create: { caseId: id, mentionId, addedAt: now }, update: {} });
      await this.#event(tx, id, c.incidentId, now, actor, "mention_attached", null, { mentionId });
    });
  }

  /** A case with everything the case view needs. */
  async detail(id: number, now = new Date()) {
    const c = await this.prisma.case.findUnique({
      where: { id },
      include: { events: { orderBy: [{ at: "asc" }, { id: "asc" }] }, owner: { select: { id: true, name: true, email: true } }, incident: { select: { id: true, title: true, status: true, severity: true } }, mentions: true },
    });
    if (!c) throw new CaseError(`case ${id} not found`, 404);
    const mentions = c.mentions.length ? await this.prisma.mention.findMany({ where: { id: { in: c.mentions.map((m) => m.mentionId) } }, include: { author: true }, orderBy: { publishedAt: "asc" } }) : [];
    const history = c.customerId ? await customerHistory(this.prisma, c.customerId, now) : null;
    // Complainers are people, not cases: a repeat complainer counts once; dismissed cases do not count.
    const brandCases = await this.prisma.case.findMany({ where: { brandId: c.brandId, OR: [{ validity: null }, { validity: "valid" }] }, select: { id: true, customerId: true } });
    const brandComplainers = new Set(brandCases.map((x) => (x.customerId ? `c${x.customerId}` : `k${x.id}`))).size;
    return {
      case: { ...c, mentions: undefined, recovery: parseRecovery(c.recovery), breaches: JSON.parse(c.breaches || "[]") as SlaBreach[] },
      events: c.events,
      mentions,
      customer: history,
      iceberg: icebergEstimate(brandComplainers),
    };
  }

  /** Opens cases for incidents at or above cases.autoOpen.minSeverity that have none. */
  async autoOpen(now = new Date()): Promise<number[]> {
    const min = this.cfg.autoOpen.minSeverity;
    if (min === "never") return [];
    const sevs = ["info", "warning", "critical"].slice(["info", "warning", "critical"].indexOf(min));
    const incidents = await this.prisma.incident.findMany({ where: { severity: { in: sevs }, status: { not: "resolved" }, brandId: { not: null }, cases: { none: {} } }, take: 50 });
    const opened: number[] = [];
    for (const inc of incidents) {
      const c = await this.open({ incidentId: inc.id }, { ...SYSTEM_ACTOR, label: "rule:cases.autoOpen" }, now);
      opened.push(c.id);
    }
    return opened;
  }

  /** Finds SLA breaches, records them on the case and raises an alert for each (once per kind). */
  async checkSla(now = new Date()): Promise<SlaBreach[]> {
    const open = await this.prisma.case.findMany({ where: { state: { notIn: ["reviewed", "dismissed"] }, waitingSince: null } });
    const raised: SlaBreach[] = [];
    for (const c of open) {
      const breaches = JSON.parse(c.breaches || "[]") as SlaBreach[];
      const seen = new Set(breaches.map((b) => `${b.kind}@${b.due}`));
      const due: Array<[SlaBreach["kind"], Date | null]> = [
        ["first_response", c.firstResponseAt ? null : c.firstResponseDue],
        ["next_response", c.nextResponseDue],
        ["resolution", c.resolutionDue],
      ];
      const fresh = due.filter(([k, d]) => d && d.getTime() <= now.getTime() && !seen.has(`${k}@${d.toISOString()}`))
        .map(([k, d]) => ({ kind: k, due: d!.toISOString(), at: now.toISOString() }));
      if (!fresh.length) continue;
      await this.prisma.$transaction(async (tx) => {
        await tx.case.update({ where: { id: c.id }, data: { breaches: JSON.stringify([...breaches, ...fresh]), priority: c.priority + fresh.length } });
        for (const b of fresh) await this.#event(tx, c.id, c.incidentId, now, SYSTEM_ACTOR, "sla_breached", null, b, `${b.kind.replace("_", " ")} was due ${b.due}`);
      });
      for (const b of fresh) {
        raised.push(b);
        await this.#alertBreach(c, b, now);
      }
    }
    return raised;
  }

  async #alertBreach(c: { id: number; brandId: string; incidentId: number | null; title: string; severity: string | null }, b: SlaBreach, now: Date) {
    const channels = this.cfg.alertChannels.length ? this.cfg.alertChannels : this.config.alerts.rules[0]?.channels ?? [];
    if (!channels.length) return;
    const title = `SLA breach on case #${c.id}: ${b.kind.replace("_", " ")} overdue`;
    const summary = `${c.title} — ${b.kind.replace("_", " ")} was due ${b.due}`;
    const severity = c.severity === "serious" ? "critical" : "warning";
    const base = this.config.alerts.publicUrl?.replace(/\/$/, "");
    try {
      await enqueueAlert(this.prisma, this.config, {
        kind: "escalated", rule: "case-sla", severity, title, summary, brandId: c.brandId, incidentId: c.incidentId,
        fingerprint: `case-sla:${c.id}:${b.kind}`, labels: { brand: c.brandId, severity, type: "sla_breach", case: String(c.id) }, channels,
        event: {
          kind: "escalated", title, summary, severity, brand: { id: c.brandId, name: c.brandId },
          incident: null, source: null, mentions: [], labels: { brand: c.brandId, type: "sla_breach", case: String(c.id), url: base ? `${base}/cases/${c.id}` : "" },
          ackUrl: null, createdAt: now.toISOString(),
        },
      }, now);
    } catch (err) {
      // The breach is already on the case; a misconfigured channel must not hide it.
      await this.prisma.caseEvent.create({ data: { caseId: c.id, at: now, actor: "system", kind: "alert_failed", note: describeError(err) } });
    }
  }
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
