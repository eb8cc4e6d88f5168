// Order, customer and checkout webhooks write times in the shop's time zone with a numeric offset and
// no fraction ("2021-12-31T19:00:00-05:00"), unlike the GraphQL API's UTC "Z" form.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function shopTime(iso: string, timeZone = "UTC"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${iso}`);
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(date)) parts[p.type] = p.value;
  // longOffset renders "GMT-05:00", or a bare "GMT" at offset zero.
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : (parts.timeZoneName ?? "GMT+00:00").slice(3);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

export function nullableShopTime(iso: string | null | undefined, timeZone?: string): string | null {
  return iso ? shopTime(iso, timeZone) : null;
}

/** "(GMT-05:00) America/New_York", the shape of the shop payload's `timezone` field. */
export function timezoneLabel(timeZone: string, at = new Date()): string {
  const offset = shopTime(at.toISOString(), timeZone).slice(19);
  return `(GMT${offset}) ${timeZone}`;
}
