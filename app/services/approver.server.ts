import type { Session } from "@shopify/shopify-api";
import type { Approver } from "./approvals.server";

/**
 * The staff member behind an admin request: the online session's associated user (token exchange
 * with online tokens), falling back to the session token's `sub` (their user id) without a name.
 */
export function adminApprover(session: Session, sessionTokenSub: string | undefined): Approver | null {
  const user = session.onlineAccessInfo?.associated_user;
  if (user) {
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ").trim() || user.email || `Staff ${user.id}`;
    return { staffId: String(user.id), name, via: "admin" };
  }
  return sessionTokenSub ? { staffId: sessionTokenSub, name: `Staff ${sessionTokenSub}`, via: "admin" } : null;
}
