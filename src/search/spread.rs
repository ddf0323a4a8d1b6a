//! What the search knows of how examples spread, kept beside the index rather than in it: the
//! number of units that adopted each example and the awards each got. The corpus keeps these
//! in their own files (`spread`), so a change to them swaps this table and never touches the
//! index; the collector reads it through per-segment arrays built once per table.

use std::collections::HashMap;

use crate::model::{AwardBadge, ExampleId};

/// The most awards the facet tells apart (a bit mask of 64).
pub const MAX_AWARDS: usize = 64;

/// Adoptions and awards by example.
#[derive(Debug, Clone, Default)]
pub struct SpreadTable {
    /// Units that have the example in use (approved reports of stage "infört", each unit
    /// once), by example.
    pub adoptions: HashMap<ExampleId, u32>,
    /// The awards each example got, best first.
    pub badges: HashMap<ExampleId, Vec<AwardBadge>>,
    /// The awards in facet order: (slug, name). An award's position is its bit.
    pub awards: Vec<(String, String)>,
}

impl SpreadTable {
    /// The bit mask of the awards `id` got.
    pub fn award_mask(&self, id: &ExampleId) -> u64 {
        self.badges.get(id).map_or(0, |badges| {
            badges
                .iter()
                .filter_map(|b| self.awards.iter().position(|(slug, _)| *slug == b.award))
                .filter(|p| *p < MAX_AWARDS)
                .fold(0, |m, p| m | (1 << p))
        })
    }

    /// The approved adoptions of `id`.
    pub fn adoptions_of(&self, id: &ExampleId) -> u32 {
        self.adoptions.get(id).copied().unwrap_or(0)
    }

    /// The mask of the awards named by `slugs` (unknown ones match nothing).
    pub fn mask_of(&self, slugs: &[String]) -> u64 {
        slugs
            .iter()
            .filter_map(|s| self.awards.iter().position(|(slug, _)| slug == s))
            .filter(|p| *p < MAX_AWARDS)
            .fold(0, |m, p| m | (1 << p))
    }
}
