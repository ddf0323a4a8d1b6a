//! The Goda exempelmässa: editions of the city's yearly fair, each built by organisers from
//! published examples: stands (montrar) and sessions (seminars and workshops) in rooms at set
//! times, under themes. An edition is a readable TOML file in the corpus,
//! `massa/{year}.toml`, written atomically and validated like the examples: every conflict
//! (two sessions in one room at once, one unit in two places at once, a stand number twice, a
//! session outside the fair's days, hours or rooms, an example that is not published) is
//! named with the field it concerns.
//!
//! ```
//! let json = r#"{"name": "Goda exempelmässan 2026", "dates": ["2026-11-03"], "venue": "Stadshuset",
//!   "opening_hours": {"opens": "09:00", "closes": "16:00"}, "rooms": ["Sal A"], "entries": []}"#;
//! let draft: goda::catalogue::EditionDraft = serde_json::from_str(json).unwrap();
//! let edition = goda::catalogue::validate(2026, draft, &|_| None, goda::catalogue::Strictness::NEW).unwrap();
//! assert_eq!(edition.themes.len(), 6, "the six focus areas by default");
//! ```

mod builder;
mod changelog;
mod editions;
mod export;
mod form;
mod listing;
mod model;
mod rules;
mod store;

pub use builder::{Builder, Candidate, EntryInfo, Outcome, Question, Refusal, Workbench};
pub use changelog::changes;
pub use editions::{Appearance, Editions, SaveError, revision};
pub use export::{
    CSV_HEADINGS, ExportedEdition, ExportedEntry, TIME_ZONE, to_csv, to_ics, to_json,
};
pub use form::{Action, BuilderForm, Finder, blank};
pub use listing::{
    CatalogueFilter, Kind, Listing, by_theme, listings, matching, programme, session_label,
    stand_plan,
};
pub use model::{
    Change, Edition, EditionDraft, Entry, EntryDraft, HoursDraft, Session, SessionDraft,
    SessionKind, Theme, YEARS, default_themes, hm, local_time, parse_year, to_draft,
};
pub use rules::{Strictness, validate};
pub use store::{MASSA_DIR, check_editions, edition_years, load_edition, save_edition};
