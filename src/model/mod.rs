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
mod vocabulary;

pub use date::{date_sv, month_sv};
pub use example::{Example, MAX_BODY_BYTES, MAX_SUMMARY_CHARS, MAX_TAGS, MAX_TITLE_CHARS};
pub use id::{ExampleId, IdError, MAX_ID_LEN};
pub use organisation::{Organisation, Organisations};
pub use vocabulary::{Area, FocusArea, Maturity, Status, Vocabulary};
