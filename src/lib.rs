//! Goda exempel: the City of Stockholm's knowledge base of good examples. The module list is
//! the architecture, lowest layer last: `web` (HTTP) → `views` (HTML) → the features
//! (`catalogue`, `submission`, `synonyms`, `insights`, `eval`, `generate`, `config`) → `search` → `index`
//! (with search by meaning in `index::embedding`) → `corpus`
//! (the files) → `model` (the types). See `ARCHITECTURE.md`.

pub mod bench;
pub mod catalogue;
pub mod config;
pub mod corpus;
pub mod eval;
pub mod generate;
pub mod index;
pub mod insights;
pub mod mail;
pub mod model;
pub mod search;
pub mod spread;
pub mod submission;
pub mod synonyms;
pub mod views;
pub mod web;
