//! The domain vocabulary: an [`Example`] and the closed sets of values its fields take.
//!
//! Everything here is plain data with no knowledge of files, indexes or HTTP. The Swedish
//! labels of every closed vocabulary live in [`vocabulary`], and nowhere else.
//!
//! ```
//! use goda::model::{ExampleId, FocusArea};
//! assert!(ExampleId::parse("digital-inskolning").is_ok());
//! assert!(ExampleId::parse("../../etc/passwd").is_err());
//! assert_eq!(FocusArea::parse("dialog"), Some(FocusArea::Dialog));
//! ```

mod date;
mod example;
mod id;
mod organisation;
mod spread;
mod vocabulary;

pub use date::{date_sv, month_sv};
pub use example::{
    DEFAULT_REVIEW_MONTHS, Example, MAX_BODY_BYTES, MAX_SUMMARY_CHARS, MAX_TAGS, MAX_TITLE_CHARS,
    due_through, epoch_days, review_due,
};
pub use id::{ExampleId, IdError, MAX_ID_LEN};
pub use organisation::{Organisation, Organisations};
pub use spread::{
    Adoption, Award, AwardBadge, AwardGiven, MAX_ADOPTION_TEXT_CHARS, MAX_REASON_CHARS, YearMonth,
};
pub use vocabulary::{Area, AwardResult, FocusArea, Maturity, Stage, Status, Vocabulary};
