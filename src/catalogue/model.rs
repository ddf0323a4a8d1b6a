//! The fair's data: an edition as sent or stored (`EditionDraft`, times as text) and as
//! validated (`Edition`), with the small conversions between them.

use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Serialize};

use crate::model::{ExampleId, FocusArea, Vocabulary};

/// Whether a session is a seminar or a workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    /// A talk with questions.
    Seminarium,
    /// Hands-on work together.
    Workshop,
}

/// An edition as sent or stored, before validation: times are text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionDraft {
    /// "Goda exempelmässan 2026".
    pub name: String,
    /// The fair's days, `YYYY-MM-DD`.
    pub dates: Vec<String>,
    /// Where it is held.
    pub venue: String,
    /// When the fair is open each day.
    pub opening_hours: HoursDraft,
    /// The rooms sessions may use.
    pub rooms: Vec<String>,
    /// The themes entries are grouped under; the six focus areas when left out.
    #[serde(default)]
    pub themes: Option<Vec<Theme>>,
    /// Whether visitors can see it.
    #[serde(default)]
    pub published: bool,
    /// The exhibitors and sessions.
    #[serde(default)]
    pub entries: Vec<EntryDraft>,
    /// Changes made after publishing, oldest first (kept by the service).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changelog: Vec<Change>,
}

/// Opening hours, `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursDraft {
    pub opens: String,
    pub closes: String,
}

/// A theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// A short id, used by entries.
    pub id: String,
    /// The name visitors see.
    pub name: String,
}

/// An entry as sent: a stand, a session, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryDraft {
    pub example_id: String,
    pub theme: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stand: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionDraft>,
}

/// A session as sent; times are local Stockholm time, `YYYY-MM-DDTHH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionDraft {
    pub kind: SessionKind,
    pub room: String,
    pub start: String,
    pub end: String,
}

/// One change to a published programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The day of the change, `YYYY-MM-DD`.
    pub date: String,
    /// What changed, in Swedish ("Seminariet X flyttat till Sal B").
    pub text: String,
}

/// A validated edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    pub year: i16,
    pub name: String,
    pub dates: Vec<Date>,
    pub venue: String,
    pub opens: Time,
    pub closes: Time,
    pub rooms: Vec<String>,
    pub themes: Vec<Theme>,
    pub published: bool,
    pub entries: Vec<Entry>,
    pub changelog: Vec<Change>,
}

/// A validated entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub example_id: ExampleId,
    pub theme: String,
    pub stand: Option<u32>,
    pub session: Option<Session>,
}

/// A validated session.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub kind: SessionKind,
    pub room: String,
    pub start: DateTime,
    pub end: DateTime,
}

/// The six focus areas as themes.
pub fn default_themes() -> Vec<Theme> {
    FocusArea::ALL
        .iter()
        .map(|f| Theme {
            id: f.slug().into(),
            name: f.label().into(),
        })
        .collect()
}

/// `HH:MM`.
pub fn hm(t: Time) -> String {
    t.strftime("%H:%M").to_string()
}

/// A local time as editions write it: `YYYY-MM-DDTHH:MM`.
pub fn local_time(dt: DateTime) -> String {
    dt.strftime("%Y-%m-%dT%H:%M").to_string()
}

/// The years an edition may have.
pub const YEARS: std::ops::RangeInclusive<i16> = 2000..=2100;

/// The edition year written in `text` (as in a URL); `None` when it is not a number in
/// [`YEARS`].
pub fn parse_year(text: &str) -> Option<i16> {
    text.parse::<i16>().ok().filter(|y| YEARS.contains(y))
}

/// The draft of a validated edition (for storing and sending).
pub fn to_draft(e: &Edition) -> EditionDraft {
    EditionDraft {
        name: e.name.clone(),
        dates: e.dates.iter().map(ToString::to_string).collect(),
        venue: e.venue.clone(),
        opening_hours: HoursDraft {
            opens: hm(e.opens),
            closes: hm(e.closes),
        },
        rooms: e.rooms.clone(),
        themes: Some(e.themes.clone()),
        published: e.published,
        entries: e
            .entries
            .iter()
            .map(|en| EntryDraft {
                example_id: en.example_id.to_string(),
                theme: en.theme.clone(),
                stand: en.stand,
                session: en.session.as_ref().map(|s| SessionDraft {
                    kind: s.kind,
                    room: s.room.clone(),
                    start: local_time(s.start),
                    end: local_time(s.end),
                }),
            })
            .collect(),
        changelog: e.changelog.clone(),
    }
}
