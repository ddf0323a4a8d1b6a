//! Integration tests: one binary, shared helpers in `support`, a small fixture corpus in
//! `tests/fixtures/corpus` (with one invalid file and two unpublished examples) and one bad
//! file per validation rule in `tests/fixtures/broken`.

mod admin;
mod browser;
mod check;
mod cli;
mod crash;
mod eval;
mod hardening;
mod http;
mod insights;
mod language;
mod mail;
mod massa;
mod meaning;
mod oidc;
mod search;
mod spread;
mod submit;
mod support;
mod swedish;
mod synonyms;
