// Route matching with Alertmanager's semantics: depth-first; a node matches when its
// matchers do; its children are tried in order and the first match wins unless it
// sets `continue`; a node none of whose children match handles the alert itself.
// Unset settings are inherited from the parent.
import { labelsMatch, parseDuration, type RouteConfig } from "./config.ts";

export interface ResolvedRoute {
  /** Stable id of the tree node, e.g. "root.1.0": part of group keys. */
  id: string;
  receiver: string;
  groupBy: string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

const ROOT_DEFAULTS = { group_by: [] as string[], group_wait: "30s", group_interval: "5m", repeat_interval: "4h" };

export function matchRoutes(root: RouteConfig, labels: Record<string, string>): ResolvedRoute[] {
  const inherit = { receiver: root.receiver ?? "", ...ROOT_DEFAULTS };
  return walk(root, labels, inherit, "root") ?? [];
}

type Inherited = { receiver: string; group_by: string[]; group_wait: string; group_interval: string; repeat_interval: string };

function walk(node: RouteConfig, labels: Record<string, string>, parent: Inherited, id: string): ResolvedRoute[] | null {
  if (!labelsMatch(labels, node.match, node.match_re)) return null;
  const here: Inherited = {
    receiver: node.receiver ?? parent.receiver,
    group_by: node.group_by ?? parent.group_by,
    group_wait: node.group_wait ?? parent.group_wait,
    group_interval: node.group_interval ?? parent.group_interval,
    repeat_interval: node.repeat_interval ?? parent.repeat_interval,
  };
  const out: ResolvedRoute[] = [];
  for (const [i, child] of (node.routes ?? []).entries()) {
    const m = walk(child, labels, here, `${id}.${i}`);
    if (!m) continue;
    out.push(...m);
    if (!child.continue) break;
  }
  if (out.length) return out;
  return [{
    id, receiver: here.receiver, groupBy: here.group_by,
    groupWaitMs: parseDuration(here.group_wait), groupIntervalMs: parseDuration(here.group_interval), repeatIntervalMs: parseDuration(here.repeat_interval),
  }];
}

/** The group an alert joins on a route: the route id plus the values of its group_by labels. */
export function groupKey(route: ResolvedRoute, labels: Record<string, string>): string {
  const by = route.groupBy.includes("...") ? Object.keys(labels).sort() : route.groupBy;
  return `${route.id}:${route.receiver}{${by.map((k) => `${k}=${JSON.stringify(labels[k] ?? "")}`).join(",")}}`;
}
