//! HTML views, written with maud. Each page is a function from a view model (domain types
//! from `search` and `model`) to [`Markup`]; views never see the application state or HTTP.
//!
//! Everything is escaped by maud except the example body, which is sanitised HTML made by
//! `corpus::render_markdown`, and snippets, which escape their own text.

mod admin;
mod adoption;
mod assets;
mod awards;
mod components;
mod errors;
mod example;
mod focus_area;
mod format;
mod home;
mod insights;
mod layout;
mod massa;
mod massa_admin;
mod organisations;
mod search;
mod site;
mod submit;
mod synonyms;

pub use admin::{
    AccountView, ExamplesAdminView, LoginWays, ReviewNotice, account_page, admin_edit_page,
    admin_header, admin_page, due_list, examples_admin_page, logged_in_page, login_page,
    queue_page, review_page, update_review_page,
};
pub use adoption::{
    AdoptionFormView, ReportView, WaitingReport, adopted_by, adoption_form_page, adoption_list,
    decided_reports, month_year, report_page, report_queue,
};
pub use assets::{
    Asset, asset, massa_script_url, search_script_url, similar_script_url, stylesheet_url,
    suggest_script_url,
};
pub use awards::{AwardForm, award_form_page, award_page, awards_admin_page, awards_page};
pub use components::save_message;
pub use errors::{error_page, not_found_page, session_ended_page};
pub use example::{ExamplePlace, example_article, example_page};
pub use focus_area::{focus_area_page, focus_areas_page};
pub use format::{confirmed_within, date_sv};
pub use home::home_page;
pub use insights::{
    InsightTable, InsightsView, TOP_ROWS, insights_page, tables as insight_tables,
    to_csv as insight_csv, wanted_page,
};
pub use massa::{CatalogueView, EditionSummary, catalogue_page, massa_index_page};
pub use massa_admin::{
    BuilderError, BuilderView, EditionRow, Undo, builder_page, editions_admin_page, locate_errors,
};
pub use maud::Markup;
pub use organisations::{OrganisationForm, organisations_page};
pub use search::{FairChoice, search_page, search_url};
pub use site::{
    SiteInfo, about_page, accessibility_page, contact_page, open_data_page, privacy_page,
};
pub use submit::{Currency, FormView, Notice, UnitView, edit_page, field_message, submit_page};
pub use synonyms::{SynonymForm, synonyms_page};
