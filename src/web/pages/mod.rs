//! The HTML pages, one file each.

mod assets;
mod example;
mod focus_area;
mod home;
mod search;

pub use assets::asset;
pub use example::example;
pub use focus_area::{focus_area, focus_areas};
pub use home::home;
pub use search::search;
