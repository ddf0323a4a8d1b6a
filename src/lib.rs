pub mod corpus;
pub mod eval;
pub mod index;
pub mod model;
pub mod search;
pub mod submission;
pub mod views;
pub mod web;
