//! The commands of the `goda` binary, by what they work on.

mod corpus;
mod search;
mod serve;

use super::OrganiserCommand;
pub(crate) use corpus::{check, generate, import, organiser};
pub(crate) use search::{analyze, bench_latency, eval, search_cli};
pub(crate) use serve::{reindex, serve};
