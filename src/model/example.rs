use jiff::civil::Date;

use super::{Area, ExampleId, FocusArea, Maturity, Status};

/// The longest title allowed, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// The longest summary allowed, in characters.
pub const MAX_SUMMARY_CHARS: usize = 400;
/// The most tags an example may have.
pub const MAX_TAGS: usize = 10;
/// The largest Markdown body allowed, in bytes (100 KiB).
pub const MAX_BODY_BYTES: usize = 100 * 1024;

/// A good example, fully validated: every field obeys the corpus rules.
///
/// Build one through `corpus::parse_example` (from a file) or `corpus::Draft` (from JSON);
/// those are the only places that check the rules.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Example {
    /// The slug, equal to the file name without `.md`.
    pub id: ExampleId,
    /// At most [`MAX_TITLE_CHARS`] characters, never blank.
    pub title: String,
    /// The card and preview text, at most [`MAX_SUMMARY_CHARS`] characters.
    pub summary: String,
    /// The enhet that did the work.
    pub unit: String,
    /// The förvaltning or bolag the unit belongs to.
    pub organisation: String,
    /// The verksamhetsområde.
    pub area: Area,
    /// One to three focus areas, without repeats, in the order given.
    pub focus_areas: Vec<FocusArea>,
    /// How far the example has come.
    pub maturity: Maturity,
    /// The year the work was done, 2000 to next year.
    pub year: i16,
    /// Up to [`MAX_TAGS`] lowercase keywords.
    pub tags: Vec<String>,
    /// The person to ask, if given.
    pub contact_name: Option<String>,
    /// A valid e-mail address, if given.
    pub contact_email: Option<String>,
    /// Where the example is in the review workflow.
    pub status: Status,
    /// When the example was first written.
    pub created: Date,
    /// When the example was last changed; never before `created`.
    pub updated: Date,
    /// When the example was last confirmed current (at publishing, and whenever its unit
    /// or an organiser confirms it); never before `created`, never after today. A file
    /// without the field reads as its `updated`.
    pub reviewed: Date,
    /// The Markdown body, untrusted: render it only through `corpus::Markdown`.
    pub body: String,
}

impl Example {
    /// Whether the public pages and API may show this example.
    pub fn is_public(&self) -> bool {
        self.status == Status::Published
    }

    /// Whether the example is due for review on `today`: last confirmed at least
    /// `period_months` months ago.
    pub fn review_due(&self, today: Date, period_months: u32) -> bool {
        review_due(self.reviewed, today, period_months)
    }
}

/// The default time after which a published example is due for review, in months.
pub const DEFAULT_REVIEW_MONTHS: u32 = 24;

/// Whether an example last confirmed on `reviewed` is due on `today` after `period_months`:
/// confirmed on or before [`due_through`]. The page, the organisers' list and the search
/// all decide by this one rule.
pub fn review_due(reviewed: Date, today: Date, period_months: u32) -> bool {
    reviewed <= due_through(today, period_months)
}

/// The last day of confirmation that is due on `today`: `period_months` months before it.
pub fn due_through(today: Date, period_months: u32) -> Date {
    today
        .checked_sub(jiff::Span::new().months(i64::from(period_months)))
        .unwrap_or(today)
}

/// A date as days since 1970-01-01: how the index and the search keep dates.
pub fn epoch_days(d: Date) -> i64 {
    d.since(jiff::civil::date(1970, 1, 1))
        .map(|s| i64::from(s.get_days()))
        .unwrap_or(0)
}
