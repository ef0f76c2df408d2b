// The dashboards registry: one descriptor per dashboard (uid, file name, builder).
import * as executive from "./executive.dashboard.ts";
import * as service from "./service.dashboard.ts";
import * as incidents from "./incidents.dashboard.ts";
import * as operations from "./operations.dashboard.ts";
import type { PanelSpec } from "./common/panels.ts";

export interface DashboardDescriptor {
  uid: string;
  file: string;
  panels: PanelSpec[];
  build(): unknown;
}

export const dashboards: DashboardDescriptor[] = [
  { uid: executive.UID, file: "executive-reputation.json", panels: executive.panels, build: executive.build },
  { uid: service.UID, file: "service-manager.json", panels: service.panels, build: service.build },
  { uid: incidents.UID, file: "pr-incidents.json", panels: incidents.panels, build: incidents.build },
  { uid: operations.UID, file: "operations.json", panels: operations.panels, build: operations.build },
];
