//! A catalogue for other programs: all of it as JSON, a table for Excel as CSV, and the
//! sessions as iCalendar events in Stockholm time.

use icalendar::{Calendar, CalendarDateTime, Component, EventLike};
use jiff::civil::DateTime;
use serde::Serialize;

use super::listing::{Listing, session_label};
use super::{Change, Edition, HoursDraft, SessionDraft, Theme, hm, local_time};
use crate::corpus::neutral_cell;

/// The time zone every time of a fair is in.
pub const TIME_ZONE: &str = "Europe/Stockholm";

/// Stockholm's rules since 1996 (EU summer time: the last Sunday of March to the last Sunday
/// of October), as the VTIMEZONE that `TZID=Europe/Stockholm` refers to.
const STOCKHOLM_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n\
DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// The address of an example's page under `base` (`https://host`).
pub fn example_url(base: &str, l: &Listing) -> String {
    format!("{base}/exempel/{}", l.entry.example_id)
}

/// An edition with everything visitors see, for `/massa/{year}.json`.
#[derive(Debug, Serialize)]
pub struct ExportedEdition {
    pub year: i16,
    pub name: String,
    pub dates: Vec<String>,
    pub venue: String,
    pub opening_hours: HoursDraft,
    pub rooms: Vec<String>,
    pub themes: Vec<Theme>,
    pub entries: Vec<ExportedEntry>,
    pub changelog: Vec<Change>,
}

/// One entry with its example.
#[derive(Debug, Serialize)]
pub struct ExportedEntry {
    pub example_id: String,
    /// The example's page (absent when it is no longer published).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub title: String,
    pub unit: String,
    pub organisation: String,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<&'static str>,
    pub focus_areas: Vec<&'static str>,
    pub theme: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stand: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionDraft>,
}

/// All of a catalogue, with absolute links under `base`.
pub fn to_json(edition: &Edition, listings: &[Listing], base: &str) -> ExportedEdition {
    ExportedEdition {
        year: edition.year,
        name: edition.name.clone(),
        dates: edition.dates.iter().map(ToString::to_string).collect(),
        venue: edition.venue.clone(),
        opening_hours: HoursDraft {
            opens: hm(edition.opens),
            closes: hm(edition.closes),
        },
        rooms: edition.rooms.clone(),
        themes: edition.themes.clone(),
        entries: listings
            .iter()
            .map(|l| ExportedEntry {
                example_id: l.entry.example_id.to_string(),
                url: l.public.then(|| example_url(base, l)),
                title: l.title.clone(),
                unit: l.unit.clone(),
                organisation: l.organisation.clone(),
                summary: l.summary.clone(),
                area: l.area.map(|a| a.slug()),
                focus_areas: l.focus_areas.iter().map(|f| f.slug()).collect(),
                theme: l.entry.theme.clone(),
                stand: l.entry.stand,
                session: l.entry.session.as_ref().map(|s| SessionDraft {
                    kind: s.kind,
                    room: s.room.clone(),
                    start: local_time(s.start),
                    end: local_time(s.end),
                }),
            })
            .collect(),
        changelog: edition.changelog.clone(),
    }
}

/// The column headings of the CSV export.
pub const CSV_HEADINGS: [&str; 11] = [
    "Monter",
    "Typ",
    "Dag",
    "Start",
    "Slut",
    "Sal",
    "Tema",
    "Exempel",
    "Enhet",
    "Organisation",
    "Länk",
];

/// The catalogue as a table that Excel opens with Swedish letters intact: UTF-8 with a byte
/// order mark, semicolons between fields (Excel's separator where the decimal mark is a
/// comma), one row per entry. Text cells are neutralised ([`neutral_cell`]).
pub fn to_csv(edition: &Edition, listings: &[Listing], base: &str) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(CSV_HEADINGS)
            .expect("writing to memory cannot fail");
        for l in listings {
            let theme = edition
                .themes
                .iter()
                .find(|t| t.id == l.entry.theme)
                .map_or(l.entry.theme.as_str(), |t| t.name.as_str());
            let s = l.entry.session.as_ref();
            let record = [
                l.entry.stand.map(|n| n.to_string()).unwrap_or_default(),
                s.map_or("Monter", |s| session_label(s.kind)).to_owned(),
                s.map(|s| s.start.date().to_string()).unwrap_or_default(),
                s.map(|s| hm(s.start.time())).unwrap_or_default(),
                s.map(|s| hm(s.end.time())).unwrap_or_default(),
                s.map(|s| neutral_cell(&s.room)).unwrap_or_default(),
                neutral_cell(theme),
                neutral_cell(&l.title),
                neutral_cell(&l.unit),
                neutral_cell(&l.organisation),
                if l.public {
                    example_url(base, l)
                } else {
                    String::new()
                },
            ];
            w.write_record(&record)
                .expect("writing to memory cannot fail");
        }
        w.flush().expect("writing to memory cannot fail");
    }
    out
}

fn ical_time(dt: DateTime) -> CalendarDateTime {
    let naive =
        chrono::NaiveDate::from_ymd_opt(dt.year().into(), dt.month() as u32, dt.day() as u32)
            .and_then(|d| d.and_hms_opt(dt.hour() as u32, dt.minute() as u32, 0))
            .expect("a valid civil time is a valid chrono time");
    CalendarDateTime::WithTimezone {
        date_time: naive,
        tzid: TIME_ZONE.into(),
    }
}

/// The sessions among `listings` as an iCalendar calendar: one event each, in Stockholm time
/// (with the VTIMEZONE that defines it), located in its room at the venue, and linking to
/// its example.
pub fn to_ics(edition: &Edition, listings: &[&Listing], base: &str) -> String {
    let mut calendar = Calendar::new();
    calendar.name(&edition.name).timezone(TIME_ZONE);
    for l in listings {
        let Some(s) = &l.entry.session else { continue };
        let url = example_url(base, l);
        let mut description = format!("{}, {}.", l.unit, l.organisation);
        if !l.summary.is_empty() {
            description.push_str("\n\n");
            description.push_str(&l.summary);
        }
        if l.public {
            description.push_str("\n\nLäs mer: ");
            description.push_str(&url);
        }
        let mut event = icalendar::Event::new();
        event
            .uid(&format!(
                "{}-{}@goda-exempel",
                edition.year, l.entry.example_id
            ))
            .summary(&format!("{}: {}", session_label(s.kind), l.title))
            .description(&description)
            .location(&format!("{}, {}", s.room, edition.venue))
            .starts(ical_time(s.start))
            .ends(ical_time(s.end));
        if l.public {
            event.url(&url);
        }
        calendar.push(event.done());
    }
    // The crate would give a parsed VTIMEZONE a UID and a DTSTAMP, which RFC 5545 does not
    // allow there, so the definition goes in as text, before the first event.
    let text = calendar.done().to_string();
    let at = text
        .find("BEGIN:VEVENT")
        .or_else(|| text.find("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{STOCKHOLM_VTIMEZONE}{}", &text[..at], &text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutral_cell(formula), format!("'{formula}"));
        }
        assert_eq!(neutral_cell("Matsvinn i skolan"), "Matsvinn i skolan");
        assert_eq!(neutral_cell("Förskola = trygghet"), "Förskola = trygghet");
    }
}
