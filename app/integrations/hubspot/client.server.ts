import { Client } from "@hubspot/api-client";
import { z } from "zod";
import type { CrmError, CrmResult } from "../crm/types";
import { toCrmError, type HttpFailure } from "./crm-error";

// One HubSpot session per adapter call: the official Client with its retries and limiter off (the
// sync queue owns retrying and pacing), a timeout the SDK does not offer, and every refusal turned
// into a CrmError.

export type HubspotConfig = {
  /** Private-app or OAuth access token. */
  accessToken: string;
  /** API base; defaults to https://api.hubapi.com. Tests point it at tools/local-hubspot. */
  baseUrl?: string;
  timeoutMs?: number;
};

export const DEFAULT_BASE_URL = "https://api.hubapi.com";
const DEFAULT_TIMEOUT_MS = 15_000;

class HubspotTimeout extends Error {}

function apisOf(client: Client) {
  return {
    contacts: client.crm.contacts.batchApi,
    properties: client.crm.properties.coreApi,
    groups: client.crm.properties.groupsApi,
    ticketSearch: client.crm.tickets.searchApi,
    associations: client.crm.associations.v4.batchApi,
    listMemberships: client.crm.lists.membershipsApi,
  };
}

export type HubspotApis = ReturnType<typeof apisOf>;

/** A call's result; `status` is the HTTP status of a refusal (null for network errors and timeouts). */
export type CallResult<T> = { ok: true; data: T } | { ok: false; error: CrmError; status: number | null };

export type HubspotSession = {
  apis: HubspotApis;
  /** Runs one SDK call; a refusal, network error or timeout comes back as a CrmError. */
  call<T>(send: (apis: HubspotApis) => Promise<T>): Promise<CallResult<T>>;
};

/** A failed call as the adapter reports it (without the status, which is ours to branch on). */
export const failure = (reply: { error: CrmError }): { ok: false; error: CrmError } => ({ ok: false, error: reply.error });

/** Checks what the SDK deserialized against what we rely on; a surprise is treated as an outage. */
export function parseReply<S extends z.ZodTypeAny>(schema: S, reply: unknown, what: string): CrmResult<z.output<S>> {
  const parsed = schema.safeParse(reply);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, error: { kind: "unavailable", message: `HubSpot sent an unexpected ${what} reply: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` } };
}

export function hubspotSession(config: HubspotConfig): HubspotSession {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new Client({
    accessToken: config.accessToken,
    basePath: (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    numberOfApiCallRetries: 0,
  });
  // The SDK keeps retry/limiter decorators in a process-wide singleton that `new Client` resets and
  // the API objects pick up when first built, so they are built now, before any other Client exists.
  const apis = apisOf(client);

  return {
    apis,
    async call<T>(send: (apis: HubspotApis) => Promise<T>): Promise<CallResult<T>> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HubspotTimeout(`HubSpot did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        // The SDK's transport takes no AbortSignal; a late reply is dropped, not cancelled.
        return { ok: true, data: await Promise.race([send(apis), timeout]) };
      } catch (error) {
        if (error instanceof HubspotTimeout) return { ok: false, error: { kind: "unavailable", message: error.message }, status: null };
        const refusal = refusalOf(error);
        if (refusal) return { ok: false, error: toCrmError(refusal, new Date()), status: refusal.status };
        return { ok: false, error: { kind: "unavailable", message: `HubSpot call failed: ${describe(error)}` }, status: null };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

// The SDK throws ApiException (code, body, headers) for any status its operation does not list as a
// success; each API module has its own ApiException class, so it is recognised by shape. Anything
// else (fetch failed, a body the SDK could not parse) has no status.
const apiException = z.object({ code: z.number().int(), body: z.unknown(), headers: z.record(z.string()).optional() });

function refusalOf(error: unknown): HttpFailure | null {
  const parsed = apiException.safeParse(error);
  return parsed.success ? { status: parsed.data.code, body: parsed.data.body, headers: parsed.data.headers ?? {} } : null;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : "";
  return `${error.message}${cause}`;
}
