//! The HTML pages, one file each.

mod assets;
mod example;
mod focus_area;
mod home;
mod search;
mod submit;

pub use assets::asset;
pub use example::example;
pub use focus_area::{focus_area, focus_areas};
pub use home::home;
pub use search::search;
pub use submit::{edit, edit_form, edit_link, new_form, submit};
