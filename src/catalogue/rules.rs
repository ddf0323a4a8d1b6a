//! The rules of an edition: every field and every conflict (two sessions in one room at
//! once, one unit in two places at once, a stand number twice, a session outside the fair's
//! days, hours or rooms, an example that is not published), each named with its field.

use std::collections::HashMap;

use jiff::civil::{Date, DateTime, Time};

use super::model::{
    Edition, EditionDraft, Entry, Session, SessionDraft, Theme, default_themes, hm,
};
use crate::corpus::FieldError;
use crate::model::{Example, ExampleId, Status};

/// How the examples of entries are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness<'a> {
    /// Saving a change: a new entry's example must be published now; the entries the edition
    /// already had (`kept`) may keep an example archived since it was shown.
    Saving {
        /// The examples of the stored edition.
        kept: &'a [ExampleId],
    },
    /// Reading a stored edition: an example archived since it was shown stays in the
    /// edition (it was shown then); it must still exist.
    Stored,
}

impl Strictness<'_> {
    /// Checks with nothing kept: every example must be published.
    pub const NEW: Strictness<'static> = Strictness::Saving { kept: &[] };

    /// Whether an example that is not published may stay: only one archived since it was
    /// shown (an example never published cannot have been shown).
    fn allows(&self, id: &ExampleId, status: Status) -> bool {
        status == Status::Archived
            && match self {
                Strictness::Saving { kept } => kept.contains(id),
                Strictness::Stored => true,
            }
    }
}

struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn error(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    fn text(&mut self, field: &str, value: &str) -> String {
        if value.trim().is_empty() {
            self.error(field, "är tomt; skriv en text");
        }
        value.trim().to_owned()
    }

    fn date(&mut self, field: &str, value: &str) -> Option<Date> {
        let parsed = value.parse::<Date>().ok().filter(|_| value.len() == 10);
        if parsed.is_none() {
            self.error(
                field,
                format!("”{value}” är inte ett datum; skriv ÅÅÅÅ-MM-DD"),
            );
        }
        parsed
    }

    fn time(&mut self, field: &str, value: &str) -> Option<Time> {
        let parsed = value.parse::<Time>().ok().filter(|_| value.len() == 5);
        if parsed.is_none() {
            self.error(field, format!("”{value}” är inte en tid; skriv TT:MM"));
        }
        parsed
    }

    fn datetime(&mut self, field: &str, value: &str) -> Option<DateTime> {
        let parsed = value.parse::<DateTime>().ok().filter(|_| value.len() == 16);
        if parsed.is_none() {
            self.error(
                field,
                format!("”{value}” är ingen tidpunkt; skriv ÅÅÅÅ-MM-DDTTT:MM"),
            );
        }
        parsed
    }
}

/// Checks an edition: every field and every conflict. `example` looks an example up by id
/// (`None` when there is none).
///
/// On `Err` returns every problem, each naming its field (`entries[2].session.room`).
pub fn validate(
    year: i16,
    draft: EditionDraft,
    example: &dyn Fn(&ExampleId) -> Option<Example>,
    strictness: Strictness<'_>,
) -> Result<Edition, Vec<FieldError>> {
    let mut c = Checker { errors: Vec::new() };
    let name = c.text("name", &draft.name);
    let venue = c.text("venue", &draft.venue);
    let mut dates = Vec::new();
    for (i, d) in draft.dates.iter().enumerate() {
        if let Some(date) = c.date(&format!("dates[{i}]"), d) {
            if date.year() != year {
                c.error(
                    format!("dates[{i}]"),
                    format!("{date} ligger inte i {year}, mässans år"),
                );
            } else if dates.contains(&date) {
                c.error(format!("dates[{i}]"), format!("{date} står två gånger"));
            } else {
                dates.push(date);
            }
        }
    }
    if draft.dates.is_empty() {
        c.error("dates", "mässan behöver minst en dag");
    }
    let opens = c.time("opening_hours.opens", &draft.opening_hours.opens);
    let closes = c.time("opening_hours.closes", &draft.opening_hours.closes);
    if let (Some(o), Some(cl)) = (opens, closes)
        && o >= cl
    {
        c.error(
            "opening_hours",
            format!("mässan stänger ({}) innan den öppnar ({})", hm(cl), hm(o)),
        );
    }
    let mut rooms: Vec<String> = Vec::new();
    for (i, room) in draft.rooms.iter().enumerate() {
        let room = c.text(&format!("rooms[{i}]"), room);
        if rooms.contains(&room) {
            c.error(
                format!("rooms[{i}]"),
                format!("salen ”{room}” står två gånger"),
            );
        }
        rooms.push(room);
    }
    let themes = draft.themes.clone().unwrap_or_else(default_themes);
    for (i, t) in themes.iter().enumerate() {
        if themes[..i].iter().any(|o| o.id == t.id) {
            c.error(
                format!("themes[{i}].id"),
                format!("tema-id ”{}” används två gånger", t.id),
            );
        }
    }
    let entries = entries(
        &mut c, &draft, &themes, &rooms, &dates, opens, closes, example, strictness,
    );
    match (opens, closes, c.errors.is_empty()) {
        (Some(opens), Some(closes), true) => Ok(Edition {
            year,
            name,
            dates,
            venue,
            opens,
            closes,
            rooms,
            themes,
            published: draft.published,
            entries,
            changelog: draft.changelog,
        }),
        _ => Err(c.errors),
    }
}

#[allow(clippy::too_many_arguments)]
fn entries(
    c: &mut Checker,
    draft: &EditionDraft,
    themes: &[Theme],
    rooms: &[String],
    dates: &[Date],
    opens: Option<Time>,
    closes: Option<Time>,
    example: &dyn Fn(&ExampleId) -> Option<Example>,
    strictness: Strictness<'_>,
) -> Vec<Entry> {
    let mut out: Vec<Placed> = Vec::new();
    let mut stands: HashMap<u32, String> = HashMap::new();
    for (i, e) in draft.entries.iter().enumerate() {
        let at = |f: &str| format!("entries[{i}].{f}");
        let id = match ExampleId::parse(&e.example_id) {
            Ok(id) => id,
            Err(err) => {
                c.error(
                    at("example_id"),
                    format!("”{}” är inte ett exempel-id: {err}", e.example_id),
                );
                continue;
            }
        };
        let (unit, title) = match example(&id) {
            Some(ex) if ex.is_public() || strictness.allows(&id, ex.status) => (ex.unit, ex.title),
            Some(ex) => {
                c.error(
                    at("example_id"),
                    format!(
                        "exemplet ”{}” har status {} – bara publicerade exempel kan visas",
                        ex.title,
                        ex.status.label().to_lowercase()
                    ),
                );
                continue;
            }
            // A stored edition keeps an entry whose example cannot be read now (a broken
            // or deleted file): dropping it would lose the programme.
            None if strictness == Strictness::Stored => (String::new(), id.to_string()),
            None => {
                c.error(
                    at("example_id"),
                    format!("det finns inget exempel med id ”{id}”"),
                );
                continue;
            }
        };
        if !themes.iter().any(|t| t.id == e.theme) {
            let ids: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
            c.error(
                at("theme"),
                format!(
                    "okänt tema ”{}”; mässans teman: {}",
                    e.theme,
                    ids.join(", ")
                ),
            );
        }
        if e.stand.is_none() && e.session.is_none() {
            c.error(
                format!("entries[{i}]"),
                "en post behöver en monter, ett pass eller båda",
            );
        }
        if let Some(stand) = e.stand {
            if stand == 0 {
                c.error(at("stand"), "monternumren börjar på 1");
            } else if let Some(other) = stands.get(&stand) {
                c.error(
                    at("stand"),
                    format!("monter {stand} är redan tagen av ”{other}”"),
                );
            } else {
                stands.insert(stand, title.clone());
            }
        }
        let session = e
            .session
            .as_ref()
            .and_then(|s| session(c, i, s, rooms, dates, opens, closes));
        out.push(Placed {
            entry: Entry {
                example_id: id,
                theme: e.theme.clone(),
                stand: e.stand,
                session,
            },
            unit,
            title,
        });
    }
    overlaps(c, &out);
    out.into_iter().map(|p| p.entry).collect()
}

/// An entry with what the conflict checks need to know of its example.
struct Placed {
    entry: Entry,
    unit: String,
    title: String,
}

#[allow(clippy::too_many_arguments)]
fn session(
    c: &mut Checker,
    i: usize,
    s: &SessionDraft,
    rooms: &[String],
    dates: &[Date],
    opens: Option<Time>,
    closes: Option<Time>,
) -> Option<Session> {
    let at = |f: &str| format!("entries[{i}].session.{f}");
    if !rooms.contains(&s.room) {
        c.error(
            at("room"),
            format!("okänd sal ”{}”; salarna: {}", s.room, rooms.join(", ")),
        );
    }
    let start = c.datetime(&at("start"), &s.start);
    let end = c.datetime(&at("end"), &s.end);
    let (start, end) = (start?, end?);
    if end <= start {
        c.error(
            at("end"),
            format!(
                "passet slutar ({}) innan det börjar ({})",
                hm(end.time()),
                hm(start.time())
            ),
        );
        return None;
    }
    if start.date() != end.date() || !dates.contains(&start.date()) {
        c.error(
            at("start"),
            format!("{} är inte en av mässans dagar", start.date()),
        );
    }
    if let (Some(o), Some(cl)) = (opens, closes)
        && (start.time() < o || end.time() > cl)
    {
        c.error(
            at("start"),
            format!(
                "passet ({}–{}) ligger utanför öppettiderna {}–{}",
                hm(start.time()),
                hm(end.time()),
                hm(o),
                hm(cl)
            ),
        );
    }
    Some(Session {
        kind: s.kind,
        room: s.room.clone(),
        start,
        end,
    })
}

/// Two sessions in one room at once, and one unit in two sessions at once.
fn overlaps(c: &mut Checker, entries: &[Placed]) {
    for (i, a) in entries.iter().enumerate() {
        let Some(sa) = &a.entry.session else { continue };
        for b in entries.iter().take(i) {
            let Some(sb) = &b.entry.session else { continue };
            if sa.start >= sb.end || sb.start >= sa.end {
                continue;
            }
            if sa.room == sb.room {
                c.error(
                    format!("entries[{i}].session"),
                    format!(
                        "{} är redan bokad {}–{} för ”{}”",
                        sa.room,
                        hm(sb.start.time()),
                        hm(sb.end.time()),
                        b.title
                    ),
                );
            } else if a.unit == b.unit {
                c.error(
                    format!("entries[{i}].session"),
                    format!(
                        "{} har redan ”{}” samtidigt, i {}",
                        a.unit, b.title, sb.room
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
