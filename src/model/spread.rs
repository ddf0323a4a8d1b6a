//! How examples spread: adoptions reported by other units, and the awards examples got.

use jiff::civil::Date;

use super::{Area, AwardResult, ExampleId, Stage, Status};

/// The longest adoption text (what the unit changed and what happened), in characters.
pub const MAX_ADOPTION_TEXT_CHARS: usize = 1_000;
/// The longest reason for having stopped, in characters.
pub const MAX_REASON_CHARS: usize = 300;

/// A month of a year, as an adoption's "when".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i16,
    /// 1 to 12.
    pub month: i8,
}

impl YearMonth {
    /// Parses `2025-03`; `None` unless a year 2000–2100 and a month 1–12.
    pub fn parse(text: &str) -> Option<Self> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let (year, month): (i16, i8) = (y.parse().ok()?, m.parse().ok()?);
        ((2000..=2100).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// The month of `date`.
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A unit's report that it tried or adopted an example ("Vi har infört detta").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    /// The example adopted.
    pub example: ExampleId,
    /// The report's number among the example's reports (1, 2, …).
    pub number: u32,
    /// The unit that adopted it.
    pub unit: String,
    /// The unit's förvaltning or bolag.
    pub organisation: String,
    /// The unit's verksamhetsområde.
    pub area: Area,
    /// When the unit began.
    pub since: YearMonth,
    /// How far it got.
    pub stage: Stage,
    /// Why it stopped (only for [`Stage::Slutat`], and required then).
    pub reason: Option<String>,
    /// What the unit changed and what happened, at most [`MAX_ADOPTION_TEXT_CHARS`].
    pub text: String,
    /// Whom to ask, if given.
    pub contact_name: Option<String>,
    /// A valid e-mail address, if given; never public in exports.
    pub contact_email: Option<String>,
    /// Submitted (waiting for review), Published (shown) or Rejected.
    pub status: Status,
    /// When the report was made.
    pub created: Date,
    /// When it last changed.
    pub updated: Date,
}

impl Adoption {
    /// The report's key: `{example}/{number}`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.example, self.number)
    }
}

/// One award given to examples: a year's result in a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardGiven {
    pub year: i16,
    /// The category, free text ("Förskola"); empty when the award has none.
    pub category: String,
    pub result: AwardResult,
    /// The examples it concerns.
    pub examples: Vec<ExampleId>,
}

/// An award (Kvalitetsutmärkelsen, Förnyelsepriset, Framsteget, …) with its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award {
    /// The file name without `.toml`: a slug (`kvalitetsutmarkelsen`).
    pub slug: ExampleId,
    /// The award's name as shown.
    pub name: String,
    /// A sentence on what it rewards; may be empty.
    pub description: String,
    /// What it gave, by year, newest first.
    pub given: Vec<AwardGiven>,
}

/// What a card or page shows of an award an example got.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct AwardBadge {
    /// The award's slug.
    pub award: String,
    /// The award's name.
    pub name: String,
    pub year: i16,
    pub category: String,
    pub result: AwardResult,
}

impl AwardBadge {
    /// "Vinnare, Kvalitetsutmärkelsen 2024".
    pub fn text(&self) -> String {
        format!("{}, {} {}", self.result.label(), self.name, self.year)
    }
}
