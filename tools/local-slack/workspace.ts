import { validateBlocks } from "./blocks";

// The state behind the local Web API: one workspace, its channels and the messages the app posted.
// Web API replies are HTTP 200 with `{ ok: false, error }` for every platform error; only rate limits
// (429) and outages use other statuses, and those are injected with failNext.

export type LocalSlackChannel = { id: string; name: string };
export type LocalSlackMessage = { channel: string; ts: string; text: string; blocks: unknown[]; user: string; updates: number };
export type ApiReply = { status: number; headers?: Record<string, string>; body: Record<string, unknown> };
export type InjectedFailure = { status: number; retryAfterSeconds?: number; body?: Record<string, unknown> };

export const TEAM_ID = "T0LOCAL01";
export const BOT_USER_ID = "U0LOCALBOT";
export const BOT_ID = "B0LOCALBOT";

type Params = Record<string, unknown>;

const fail = (error: string, extra: Record<string, unknown> = {}): ApiReply => ({ status: 200, body: { ok: false, error, ...extra } });

export class Workspace {
  readonly messages: LocalSlackMessage[] = [];
  private readonly failures = new Map<string, InjectedFailure[]>();
  private seq = 0;

  constructor(
    readonly token: string,
    readonly channels: LocalSlackChannel[],
    private readonly clock: () => number,
  ) {}

  failNext(method: string, failure: InjectedFailure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  call(method: string, token: string | undefined, params: Params): ApiReply {
    const injected = this.failures.get(method)?.shift();
    if (injected) {
      const headers: Record<string, string> = injected.retryAfterSeconds !== undefined ? { "Retry-After": String(injected.retryAfterSeconds) } : {};
      return { status: injected.status, headers, body: injected.body ?? { ok: false, error: injected.status === 429 ? "ratelimited" : "internal_error" } };
    }
    if (!token) return fail("not_authed");
    if (token !== this.token) return fail("invalid_auth");
    switch (method) {
      case "chat.postMessage":
        return this.postMessage(params);
      case "chat.update":
        return this.update(params);
      default:
        return fail("unknown_method", { req_method: method });
    }
  }

  // chat.postMessage takes an id or a name (with or without #); chat.update needs the id.
  private channel(value: unknown, byName: boolean): LocalSlackChannel | undefined {
    if (typeof value !== "string") return undefined;
    return this.channels.find((c) => c.id === value || (byName && (c.name === value || `#${c.name}` === value)));
  }

  private blocks(params: Params): { blocks?: unknown[]; error?: ApiReply } {
    if (params.blocks === undefined) return {};
    let blocks: unknown = params.blocks;
    // Form-encoded calls carry blocks as a JSON string; JSON calls may send either.
    if (typeof blocks === "string") {
      try {
        blocks = JSON.parse(blocks);
      } catch {
        return { error: fail("invalid_blocks_format") };
      }
    }
    const errors = validateBlocks(blocks);
    if (errors.length > 0) return { error: fail("invalid_blocks", { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } }) };
    return { blocks: blocks as unknown[] };
  }

  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(this.clock() / 1000)}.${String(this.seq).padStart(6, "0")}`;
  }

  private view(m: LocalSlackMessage) {
    return { type: "message", subtype: "bot_message", text: m.text, user: m.user, bot_id: BOT_ID, ts: m.ts, team: TEAM_ID, blocks: m.blocks, ...(m.updates > 0 ? { edited: { user: m.user, ts: m.ts } } : {}) };
  }

  private postMessage(params: Params): ApiReply {
    const channel = this.channel(params.channel, true);
    if (!channel) return fail("channel_not_found");
    const { blocks, error } = this.blocks(params);
    if (error) return error;
    const text = typeof params.text === "string" ? params.text : "";
    if (!text && !blocks?.length) return fail("no_text");
    const message: LocalSlackMessage = { channel: channel.id, ts: this.nextTs(), text, blocks: blocks ?? [], user: BOT_USER_ID, updates: 0 };
    this.messages.push(message);
    return { status: 200, body: { ok: true, channel: channel.id, ts: message.ts, message: this.view(message) } };
  }

  private update(params: Params): ApiReply {
    const channel = this.channel(params.channel, false);
    if (!channel) return fail("channel_not_found");
    const message = this.messages.find((m) => m.channel === channel.id && m.ts === params.ts);
    if (!message) return fail("message_not_found");
    const { blocks, error } = this.blocks(params);
    if (error) return error;
    if (typeof params.text !== "string" && blocks === undefined) return fail("no_text");
    // Omitted fields keep their previous value, as Slack documents for chat.update.
    if (typeof params.text === "string") message.text = params.text;
    if (blocks !== undefined) message.blocks = blocks;
    message.updates += 1;
    return { status: 200, body: { ok: true, channel: channel.id, ts: message.ts, text: message.text, message: this.view(message) } };
  }
}
