import { randomBytes } from "node:crypto";
import { invalid, notFound, type Reply } from "./wire";

// One Klaviyo account's profiles and lists, and the JSON:API documents Klaviyo answers with.
// Profiles are found by email (lower-cased, as Klaviyo stores it) or external_id; `properties` are
// custom fields merged key by key on every import, as Klaviyo does.

export type LocalProfile = {
  id: string;
  email: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  properties: Record<string, unknown>;
  created: string;
  updated: string;
};

export type LocalList = { id: string; name: string; created: string; updated: string; members: Map<string, string> };

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ALNUM = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const randomId = (alphabet: string, n: number) => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join("");
// Profile ids look like ULIDs (26 characters), list ids like "Y6nRLr".
const profileId = () => `01${randomId(CROCKFORD, 24)}`;
const listId = () => randomId(ALNUM, 6);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || v === null || typeof v === "string";

export class Account {
  readonly profiles: LocalProfile[] = [];
  readonly lists = new Map<string, LocalList>();

  constructor(
    private readonly clock: () => number,
    private readonly baseUrl: () => string,
  ) {}

  private now = () => new Date(this.clock()).toISOString();

  addList(name: string): LocalList {
    const at = this.now();
    const list: LocalList = { id: listId(), name, created: at, updated: at, members: new Map() };
    this.lists.set(list.id, list);
    return list;
  }

  addProfile(fields: { email?: string; externalId?: string; firstName?: string; properties?: Record<string, unknown> }): LocalProfile {
    const at = this.now();
    const profile: LocalProfile = {
      id: profileId(),
      email: fields.email?.trim().toLowerCase() ?? null,
      externalId: fields.externalId ?? null,
      firstName: fields.firstName ?? null,
      lastName: null,
      properties: { ...fields.properties },
      created: at,
      updated: at,
    };
    this.profiles.push(profile);
    return profile;
  }

  profileResource(p: LocalProfile) {
    return {
      type: "profile",
      id: p.id,
      attributes: {
        email: p.email,
        phone_number: null,
        external_id: p.externalId,
        first_name: p.firstName,
        last_name: p.lastName,
        organization: null,
        locale: null,
        title: null,
        image: null,
        created: p.created,
        updated: p.updated,
        last_event_date: null,
        location: {},
        properties: p.properties,
      },
      relationships: {
        lists: { links: { self: `${this.baseUrl()}/api/profiles/${p.id}/relationships/lists/`, related: `${this.baseUrl()}/api/profiles/${p.id}/lists/` } },
      },
      links: { self: `${this.baseUrl()}/api/profiles/${p.id}/` },
    };
  }

  private listResource(l: LocalList) {
    return {
      type: "list",
      id: l.id,
      attributes: { name: l.name, created: l.created, updated: l.updated, opt_in_process: "single_opt_in" },
      links: { self: `${this.baseUrl()}/api/lists/${l.id}/` },
    };
  }

  getLists(): Reply {
    return { status: 200, body: { data: [...this.lists.values()].map((l) => this.listResource(l)), links: { self: `${this.baseUrl()}/api/lists/`, next: null, prev: null } } };
  }

  /** POST /api/profile-import: create-or-update by id, email or external_id; 201 when created, 200 when updated. */
  importProfile(body: unknown): Reply {
    const data = isObject(body) ? body.data : undefined;
    if (!isObject(data) || data.type !== "profile") return invalid("`data.type` must be `profile`.", { pointer: "/data/type" });
    const a = data.attributes;
    if (!isObject(a)) return invalid("`attributes` is required.", { pointer: "/data/attributes" });
    for (const key of ["email", "external_id", "first_name", "last_name", "phone_number"]) {
      if (!optionalString(a[key])) return invalid(`'${key}' must be a string.`, { pointer: `/data/attributes/${key}` });
    }
    if (a.properties !== undefined && !isObject(a.properties)) return invalid("'properties' must be an object.", { pointer: "/data/attributes/properties" });
    const email = typeof a.email === "string" ? a.email.trim().toLowerCase() : null;
    const externalId = typeof a.external_id === "string" ? a.external_id : null;
    if (!email && !externalId && typeof a.phone_number !== "string" && typeof data.id !== "string") {
      return invalid("One of 'email', 'phone_number' or 'external_id' is required to identify a profile.", { pointer: "/data/attributes" });
    }
    if (email && !EMAIL.test(email)) return invalid(`Invalid email address: ${a.email as string}`, { pointer: "/data/attributes/email" });

    let profile = typeof data.id === "string" ? this.profiles.find((p) => p.id === data.id) : undefined;
    if (typeof data.id === "string" && !profile) return notFound(`A profile with id ${data.id} does not exist.`);
    profile ??= this.profiles.find((p) => (email && p.email === email) || (externalId && p.externalId === externalId));
    const created = !profile;
    if (!profile) profile = this.addProfile({});
    if (email) profile.email = email;
    if (externalId) profile.externalId = externalId;
    if (a.first_name !== undefined) profile.firstName = (a.first_name as string | null) ?? null;
    if (a.last_name !== undefined) profile.lastName = (a.last_name as string | null) ?? null;
    Object.assign(profile.properties, a.properties ?? {});
    profile.updated = this.now();
    return { status: created ? 201 : 200, body: { data: this.profileResource(profile) } };
  }

  /** GET /api/profiles with `equals(field,"v")` or `any(field,["v",…])` on email, id or external_id. */
  getProfiles(query: URLSearchParams): Reply {
    const sizeParam = query.get("page[size]");
    const size = sizeParam === null ? 20 : Number(sizeParam);
    if (!Number.isInteger(size) || size < 1 || size > 100) return invalid("page[size] must be an integer between 1 and 100.", { parameter: "page[size]" });
    const offset = Number(query.get("page[cursor]") ? Buffer.from(query.get("page[cursor]")!, "base64url").toString() : 0) || 0;
    let matching = this.profiles;
    const filter = query.get("filter");
    if (filter) {
      const parsed = parseFilter(filter);
      if (!parsed) return invalid(`Invalid filter provided: ${filter}`, { parameter: "filter" });
      const value = (p: LocalProfile) => (parsed.field === "email" ? p.email : parsed.field === "id" ? p.id : p.externalId);
      const wanted = new Set(parsed.field === "email" ? parsed.values.map((v) => v.toLowerCase()) : parsed.values);
      matching = matching.filter((p) => wanted.has(value(p) ?? ""));
    }
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? `${this.baseUrl()}/api/profiles/?page%5Bcursor%5D=${Buffer.from(String(offset + size)).toString("base64url")}` : null;
    return { status: 200, body: { data: page.map((p) => this.profileResource(p)), links: { self: `${this.baseUrl()}/api/profiles/`, next, prev: null } } };
  }

  /** POST / DELETE /api/lists/{id}/relationships/profiles: 204; adding a member or removing a non-member is a no-op. */
  changeMembers(id: string, body: unknown, change: "add" | "remove"): Reply {
    const list = this.lists.get(id);
    if (!list) return notFound(`A list with id ${id} does not exist.`);
    const data = isObject(body) ? body.data : undefined;
    if (!Array.isArray(data)) return invalid("`data` must be an array of profile identifiers.", { pointer: "/data" });
    if (data.length > 1000) return invalid("At most 1000 profiles may be given per request.", { pointer: "/data" });
    const ids: string[] = [];
    for (const [i, item] of data.entries()) {
      if (!isObject(item) || item.type !== "profile" || typeof item.id !== "string") return invalid("Each item needs `type: profile` and an `id`.", { pointer: `/data/${i}` });
      if (!this.profiles.some((p) => p.id === item.id)) return invalid(`A profile with id ${item.id} does not exist.`, { pointer: `/data/${i}/id` });
      ids.push(item.id);
    }
    const at = this.now();
    for (const pid of ids) {
      if (change === "remove") list.members.delete(pid);
      else if (!list.members.has(pid)) list.members.set(pid, at);
    }
    return { status: 204 };
  }
}

const FILTER_FIELDS = ["email", "id", "external_id"] as const;

/** One condition: `equals(email,"a@b.c")` or `any(email,["a@b.c","d@e.f"])` (values are JSON strings). */
export function parseFilter(filter: string): { field: (typeof FILTER_FIELDS)[number]; values: string[] } | null {
  const m = filter.match(/^(equals|any)\(([a-z_]+),(.*)\)$/s);
  if (!m || !(FILTER_FIELDS as readonly string[]).includes(m[2]!)) return null;
  try {
    const value: unknown = JSON.parse(m[3]!);
    const values = m[1] === "any" ? value : [value];
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string")) return null;
    return { field: m[2] as (typeof FILTER_FIELDS)[number], values: values as string[] };
  } catch {
    return null;
  }
}
