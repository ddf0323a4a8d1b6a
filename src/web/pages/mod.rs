//! The HTML pages, one file each.

pub(crate) mod admin;
mod assets;
mod awards;
mod example;
mod feed;
mod focus_area;
mod home;
mod insights;
pub(crate) mod massa;
pub(crate) mod massa_admin;
mod open_data;
mod organisations;
mod search;
mod site;
mod spread;
mod submit;
mod synonyms;
mod update;

pub use assets::asset;
pub use awards::{award, awards, awards_admin, create_award, edit_award, new_award, save_award};
pub use example::example;
pub use feed::feed;
pub use focus_area::{focus_area, focus_areas};
pub use home::home;
pub use insights::{add_wanted, insights, insights_csv, remove_wanted, wanted_page};
pub use massa::{massa_file, massa_index, session_ics};
pub use open_data::{
    open_data, open_data_adoptions, open_data_awards, open_data_csv, open_data_jsonl,
};
pub use organisations::{organisations, save_organisations};
pub use search::search;
pub use site::{about, accessibility, contact, icon, privacy, robots, sitemap};
pub use spread::{
    adoption_feed, adoption_form, confirm_current, decide_report, due_list, edit_report,
    report_adoption, report_page, report_queue,
};
pub use submit::{edit, edit_form, edit_link, new_form, submit};
pub use synonyms::{save_synonyms, synonyms};
pub use update::{decide_update, update_review};
