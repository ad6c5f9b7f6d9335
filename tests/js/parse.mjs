// Read an .ics from stdin, parse it with ical.js and print a JSON summary on stdout.
//
// ical.js has no time zone database of its own: TZIDs resolve only through the VTIMEZONEs
// registered below, so the UTC times printed here test the feed's own VTIMEZONE rules.
// A parse error exits non-zero with the message on stderr.
import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function timeSummary(prop) {
  if (!prop) return null;
  const value = prop.getFirstValue();
  const tzid = prop.getParameter("tzid") || null;
  const utc = value.isDate ? null : value.convertToZone(ICAL.Timezone.utcTimezone).toString();
  return {
    value: value.toString(),
    isDate: value.isDate,
    tzid,
    zone: value.zone ? value.zone.tzid : null,
    utc,
  };
}

function propertyMap(component) {
  const out = {};
  for (const prop of component.getAllProperties()) {
    const values = prop.getValues().map((v) => (typeof v === "object" ? v.toString() : v));
    out[prop.name] = out[prop.name] || [];
    out[prop.name].push({ values, params: prop.toJSON()[1] });
  }
  return out;
}

function eventSummary(vevent) {
  const first = (name) => {
    const value = vevent.getFirstPropertyValue(name);
    return value === null ? null : value;
  };
  const categories = vevent.getAllProperties("categories").flatMap((p) => p.getValues());
  return {
    uid: first("uid"),
    summary: first("summary"),
    description: first("description"),
    url: first("url"),
    location: first("location"),
    status: first("status"),
    sequence: first("sequence"),
    transp: first("transp"),
    busystatus: first("x-microsoft-cdo-busystatus"),
    alldayevent: first("x-microsoft-cdo-alldayevent"),
    categories,
    start: timeSummary(vevent.getFirstProperty("dtstart")),
    end: timeSummary(vevent.getFirstProperty("dtend")),
    rrule: vevent.hasProperty("rrule"),
    properties: vevent.getAllProperties().map((p) => p.name),
  };
}

const text = await readStdin();
const root = new ICAL.Component(ICAL.parse(text));
const timezones = root.getAllSubcomponents("vtimezone");
for (const vtimezone of timezones) {
  ICAL.TimezoneService.register(vtimezone);
}
const result = {
  name: root.name,
  properties: propertyMap(root),
  timezones: timezones.map((tz) => ({
    tzid: tz.getFirstPropertyValue("tzid"),
    parts: tz.getAllSubcomponents().map((part) => ({
      kind: part.name,
      rrule: part.hasProperty("rrule") ? part.getFirstPropertyValue("rrule").toString() : null,
      rdates: part.getAllProperties("rdate").length,
    })),
  })),
  events: root.getAllSubcomponents("vevent").map(eventSummary),
};
process.stdout.write(JSON.stringify(result));
