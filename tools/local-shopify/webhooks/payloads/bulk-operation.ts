import type { BulkOperation } from "../../model";
import type { Payload } from "./context";

// bulk_operations/finish: sent when an operation completes, fails or is canceled. Unlike the
// GraphQL enums, status, type and error_code are lowercase; times are UTC.
export function bulkOperationFinishPayload(op: BulkOperation): Payload {
  return {
    admin_graphql_api_id: op.id,
    completed_at: op.completedAt,
    created_at: op.createdAt,
    error_code: op.errorCode ? op.errorCode.toLowerCase() : null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  };
}
