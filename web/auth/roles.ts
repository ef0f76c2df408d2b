// Roles and permissions. Every API route and console action names the permission it
// needs and the server checks it; the UI only hides what the server would refuse.
// API tokens carry scopes, which are permission names: a token can do what its scopes
// AND its owner's role allow.

export const ROLES = ["admin", "pr", "service_manager", "executive"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "read",          // everything visible in the console
  "incident:ack",  // acknowledge incidents
  "case:work",     // open cases, take steps, taxonomy, recovery plan, replies
  "case:approve",  // step 6: approve or reject a proposed resolution
  "label:write",   // relabel mentions (learning loop)
  "user:admin",    // manage users
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  pr: ["read", "incident:ack", "case:work", "label:write"],
  service_manager: ["read", "incident:ack", "case:work", "case:approve", "label:write"],
  executive: ["read"],
};

export function permissionsOf(role: string, scopes?: readonly string[]): Set<string> {
  const base = ROLE_PERMISSIONS[role as Role] ?? [];
  return new Set(scopes ? base.filter((p) => scopes.includes(p)) : base);
}

export function isRole(r: string): r is Role {
  return (ROLES as readonly string[]).includes(r);
}
