//! The catalogue as visitors read it: each entry with what it shows, filtered, grouped by
//! theme, ordered into a programme, and placed on the stand plan.

use std::collections::HashSet;

use jiff::civil::Date;

use super::{Edition, Entry, SessionKind, Theme};
use crate::index::IndexError;
use crate::model::{Area, Example, ExampleId, FocusArea};
use crate::search::{MAX_DEPTH, MAX_PER_PAGE, SearchRequest, SearchService};

/// One entry of a catalogue with the example it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// The entry: theme, stand, session.
    pub entry: Entry,
    /// The example's title.
    pub title: String,
    /// The unit that shows it.
    pub unit: String,
    /// The unit's organisation.
    pub organisation: String,
    /// The example's summary.
    pub summary: String,
    /// The example's area.
    pub area: Option<Area>,
    /// The example's focus areas.
    pub focus_areas: Vec<FocusArea>,
    /// Whether the example is published now (an archived one has no page to link to).
    pub public: bool,
}

/// The listings of `edition`, in its order. `example` looks an example up by id whatever its
/// status; an example whose file is gone is listed under its id.
pub fn listings(
    edition: &Edition,
    example: &dyn Fn(&ExampleId) -> Option<Example>,
) -> Vec<Listing> {
    edition
        .entries
        .iter()
        .map(|entry| match example(&entry.example_id) {
            Some(e) => Listing {
                entry: entry.clone(),
                public: e.is_public(),
                title: e.title,
                unit: e.unit,
                organisation: e.organisation,
                summary: e.summary,
                area: Some(e.area),
                focus_areas: e.focus_areas,
            },
            None => Listing {
                entry: entry.clone(),
                title: entry.example_id.to_string(),
                unit: String::new(),
                organisation: String::new(),
                summary: String::new(),
                area: None,
                focus_areas: Vec::new(),
                public: false,
            },
        })
        .collect()
}

/// What kind of entry a visitor looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Entries with a stand.
    Monter,
    /// Seminars.
    Seminarium,
    /// Workshops.
    Workshop,
}

impl Kind {
    /// Every kind, in the order they are offered.
    pub const ALL: [Kind; 3] = [Kind::Monter, Kind::Seminarium, Kind::Workshop];

    /// The value in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Monter => "monter",
            Kind::Seminarium => "seminarium",
            Kind::Workshop => "workshop",
        }
    }

    /// The Swedish name.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Monter => "Monter",
            Kind::Seminarium => "Seminarium",
            Kind::Workshop => "Workshop",
        }
    }

    /// The kind whose slug is `s`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// The Swedish name of a session kind.
pub fn session_label(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Seminarium => "Seminarium",
        SessionKind::Workshop => "Workshop",
    }
}

/// A visitor's filters on a catalogue; all that are set must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogueFilter {
    /// Only examples in this focus area.
    pub focus_area: Option<FocusArea>,
    /// Only examples from this area.
    pub area: Option<Area>,
    /// Only entries of this kind.
    pub kind: Option<Kind>,
    /// Only these examples (the hits of a search within the catalogue).
    pub ids: Option<HashSet<ExampleId>>,
}

impl CatalogueFilter {
    /// Whether any filter is set.
    pub fn is_set(&self) -> bool {
        self.focus_area.is_some()
            || self.area.is_some()
            || self.kind.is_some()
            || self.ids.is_some()
    }

    /// Whether `l` passes every filter.
    pub fn matches(&self, l: &Listing) -> bool {
        self.focus_area.is_none_or(|f| l.focus_areas.contains(&f))
            && self.area.is_none_or(|a| l.area == Some(a))
            && self.kind.is_none_or(|k| match k {
                Kind::Monter => l.entry.stand.is_some(),
                Kind::Seminarium => l
                    .entry
                    .session
                    .as_ref()
                    .is_some_and(|s| s.kind == SessionKind::Seminarium),
                Kind::Workshop => l
                    .entry
                    .session
                    .as_ref()
                    .is_some_and(|s| s.kind == SessionKind::Workshop),
            })
            && self
                .ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&l.entry.example_id))
    }
}

/// The sessions of `listings` by day, each day in order of start time and then of the
/// edition's rooms.
pub fn programme<'a>(edition: &Edition, listings: &[&'a Listing]) -> Vec<(Date, Vec<&'a Listing>)> {
    let room = |l: &Listing| {
        l.entry
            .session
            .as_ref()
            .and_then(|s| edition.rooms.iter().position(|r| *r == s.room))
            .unwrap_or(usize::MAX)
    };
    edition
        .dates
        .iter()
        .map(|day| {
            let mut sessions: Vec<&Listing> = listings
                .iter()
                .copied()
                .filter(|l| {
                    l.entry
                        .session
                        .as_ref()
                        .is_some_and(|s| s.start.date() == *day)
                })
                .collect();
            sessions.sort_by_key(|l| (l.entry.session.as_ref().map(|s| s.start), room(l)));
            (*day, sessions)
        })
        .filter(|(_, sessions)| !sessions.is_empty())
        .collect()
}

/// The exhibitors (entries with a stand) of `listings` under each theme of the edition, in
/// the order organisers gave them; themes without exhibitors are left out.
pub fn by_theme<'a, 'e>(
    edition: &'e Edition,
    listings: &[&'a Listing],
) -> Vec<(&'e Theme, Vec<&'a Listing>)> {
    edition
        .themes
        .iter()
        .map(|t| {
            let in_theme = listings
                .iter()
                .copied()
                .filter(|l| l.entry.theme == t.id && l.entry.stand.is_some())
                .collect();
            (t, in_theme)
        })
        .filter(|(_, l): &(_, Vec<&Listing>)| !l.is_empty())
        .collect()
}

/// Every stand number from 1 to the highest in use, with the listing at it (`None`: free).
pub fn stand_plan(listings: &[Listing]) -> Vec<(u32, Option<&Listing>)> {
    let highest = listings
        .iter()
        .filter_map(|l| l.entry.stand)
        .max()
        .unwrap_or(0);
    (1..=highest)
        .map(|n| (n, listings.iter().find(|l| l.entry.stand == Some(n))))
        .collect()
}

/// The examples of `edition` that the site's Swedish search finds for `q` (every page of hits,
/// down to the search's deepest page).
///
/// On `Err` the index could not be read.
pub fn matching(
    search: &SearchService,
    edition: &Edition,
    q: &str,
) -> Result<HashSet<ExampleId>, IndexError> {
    let mut request = SearchRequest {
        q: q.to_owned(),
        per_page: MAX_PER_PAGE,
        ..SearchRequest::default()
    };
    request.filters.ids = Some(
        edition
            .entries
            .iter()
            .map(|e| e.example_id.clone())
            .collect(),
    );
    let mut ids = HashSet::new();
    loop {
        let results = search.search(&request)?;
        ids.extend(results.hits.iter().map(|h| h.example.id.clone()));
        if results.hits.is_empty()
            || ids.len() as u64 >= results.total
            || (request.page + 1) * request.per_page > MAX_DEPTH
        {
            return Ok(ids);
        }
        request.page += 1;
    }
}
