// The parts of a page that depend on the time, worked out in the browser so that a page
// served from a cache is still right: the "open now / opens at" line (from the hours in
// the page, in the clinic's time zone, America/Edmonton) and the site notices (each shown
// from its start to its end). The server renders both as they are when the page is made;
// this file corrects them when the page is shown and again every minute.
// The reckoning mirrors healinghaven/hours.py; tests check that both agree.

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];
const LOOK_AHEAD_DAYS = 30;

// The wall-clock date and time in `timeZone` at the instant `date`.
function zonedParts(date, timeZone) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const value = (type) => Number(parts.find((part) => part.type === type).value);
  return {
    day: Date.UTC(value("year"), value("month") - 1, value("day")), // a calendar day
    minutes: value("hour") * 60 + value("minute"),
  };
}

const DAY_MS = 86400000;
const isoDay = (day) => new Date(day).toISOString().slice(0, 10);
const weekday = (day) => (new Date(day).getUTCDay() + 6) % 7; // Monday is 0, as in Python
const toMinutes = (text) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

// The spans ([opens, closes] in minutes) and the special label for one calendar day.
function hoursOn(day, data) {
  const iso = isoDay(day);
  const specials = data.special.filter((row) => row.from <= iso && iso <= row.to);
  if (specials.length) {
    const spans = specials
      .filter((row) => !row.closed && row.span)
      .map((row) => row.span.map(toMinutes))
      .sort((a, b) => a[0] - b[0]);
    const labelled = specials.find((row) => row.label);
    return { spans, label: labelled ? labelled.label : "Special hours" };
  }
  const spans = data.week[weekday(day)].map((span) => span.map(toMinutes));
  return { spans, label: "" };
}

function formatTime(minutes) {
  const hour = Math.floor(minutes / 60);
  const minute = String(minutes % 60).padStart(2, "0");
  return `${hour % 12 || 12}:${minute} ${hour < 12 ? "a.m." : "p.m."}`;
}

function dayWord(day, today) {
  const days = Math.round((day - today) / DAY_MS);
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  const name = DAY_NAMES[weekday(day)];
  if (days < 7) return name;
  const date = new Date(day);
  return `${name}, ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

export function openStatus(now, data) {
  const { day: today, minutes } = zonedParts(now, data.timeZone);
  const todayHours = hoursOn(today, data);
  const note = todayHours.label ? ` (${todayHours.label})` : "";
  for (const [opens, closes] of todayHours.spans) {
    if (opens <= minutes && minutes < closes) {
      return { open: true, text: `Open now${note} · closes at ${formatTime(closes)}` };
    }
  }
  for (let offset = 0; offset <= LOOK_AHEAD_DAYS; offset += 1) {
    const day = today + offset * DAY_MS;
    for (const [opens] of hoursOn(day, data).spans) {
      if (offset > 0 || opens > minutes) {
        const when = `${dayWord(day, today)} at ${formatTime(opens)}`;
        return { open: false, text: `Closed now${note} · opens ${when}` };
      }
    }
  }
  return { open: false, text: `Closed now${note}` };
}

function updateOpenStatus(now) {
  const source = document.getElementById("clinic-hours-data");
  const target = document.querySelector("[data-open-status]");
  if (!source || !target) return;
  const data = JSON.parse(source.textContent);
  const status = openStatus(now, data);
  target.dataset.state = status.open ? "open" : "closed";
  target.querySelector("[data-open-status-text]").textContent = status.text;
  // Special hours that have ended leave the list.
  const today = isoDay(zonedParts(now, data.timeZone).day);
  document.querySelectorAll("[data-hours-until]").forEach((row) => {
    row.hidden = row.dataset.hoursUntil < today;
  });
}

function updateNotices(now) {
  const region = document.querySelector("[data-site-notices]");
  if (!region) return;
  let anyShowing = false;
  region.querySelectorAll("[data-notice-start]").forEach((notice) => {
    const showing =
      new Date(notice.dataset.noticeStart) <= now && now < new Date(notice.dataset.noticeEnd);
    notice.hidden = !showing;
    anyShowing = anyShowing || showing;
  });
  region.hidden = !anyShowing;
}

function update() {
  const now = new Date();
  updateNotices(now);
  updateOpenStatus(now);
}

update();
setInterval(update, 60000);
