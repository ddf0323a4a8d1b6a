//! What staff look for and do not find: the search log ([`log`]), the figures of the
//! organisers' insights page ([`report`]) and the wanted examples a search without hits can
//! become ([`wanted`]).

pub mod log;
pub mod report;
pub mod wanted;

pub use log::{DEFAULT_RETENTION_DAYS, SearchLog, normalise};
pub use report::{Activity, Period, RisingRow, SearchRow};
pub use wanted::{WANTED_FILE, Wanted, WantedError};
