//! Facet counts of a search: how many hits each focus area, area, maturity, organisation
//! and year has, with every other filter applied (disjunctive), for the filter sidebar and
//! the API.

use super::collector::Collected;
use super::request::Filters;
use crate::model::{Area, FocusArea, Maturity, Vocabulary};

/// How many hits a facet value has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCount<T> {
    /// The value.
    pub value: T,
    /// Hits with this value, with every other filter applied.
    pub count: u64,
    /// Whether the request filters on this value.
    pub selected: bool,
}

/// The facet counts of a search.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    /// Every focus area, in programme order.
    pub focus_area: Vec<FacetCount<FocusArea>>,
    /// Every area, in vocabulary order.
    pub area: Vec<FacetCount<Area>>,
    /// Every maturity, in vocabulary order.
    pub maturity: Vec<FacetCount<Maturity>>,
    /// Organisations with hits (or selected), most hits first.
    pub organisation: Vec<FacetCount<String>>,
    /// Years with hits (or selected), newest first.
    pub year: Vec<FacetCount<i16>>,
    /// Awards with hits (or selected), in the spread table's order: the slug and the name.
    pub award: Vec<FacetCount<(String, String)>>,
    /// Hits adopted by at least one other unit ("har spridits"), with every other filter.
    pub spread: FacetCount<()>,
    /// Hits confirmed current (not due for review), with every other filter.
    pub current: FacetCount<()>,
    /// The period of "confirmed current", in months.
    pub current_months: u32,
}

fn vocabulary_counts<V: Vocabulary + PartialEq>(
    counts: &std::collections::HashMap<u64, u64>,
    selected: &[V],
) -> Vec<FacetCount<V>> {
    V::ALL
        .iter()
        .map(|v| FacetCount {
            value: *v,
            count: counts.get(&(v.ordinal() as u64)).copied().unwrap_or(0),
            selected: selected.contains(v),
        })
        .collect()
}

pub(super) fn facets(
    collected: &Collected,
    filters: &Filters,
    table: &super::SpreadTable,
) -> Facets {
    let c = &collected.counts;
    let mut organisation: Vec<FacetCount<String>> = c
        .organisation
        .iter()
        .map(|(name, n)| FacetCount {
            value: name.clone(),
            count: *n,
            selected: filters.organisations.contains(name),
        })
        .collect();
    for name in &filters.organisations {
        if !c.organisation.contains_key(name) {
            organisation.push(FacetCount {
                value: name.clone(),
                count: 0,
                selected: true,
            });
        }
    }
    organisation.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let mut year: Vec<FacetCount<i16>> = c
        .year
        .iter()
        .map(|(y, n)| {
            let y = i16::try_from(*y).unwrap_or(0);
            FacetCount {
                value: y,
                count: *n,
                selected: filters.years.contains(&y),
            }
        })
        .collect();
    for y in &filters.years {
        if !c.year.contains_key(&(*y as u64)) {
            year.push(FacetCount {
                value: *y,
                count: 0,
                selected: true,
            });
        }
    }
    year.sort_by_key(|c| std::cmp::Reverse(c.value));
    let award = table
        .awards
        .iter()
        .enumerate()
        .filter_map(|(i, (slug, name))| {
            let count = c.award.get(&(i as u64)).copied().unwrap_or(0);
            let selected = filters.awards.contains(slug);
            (count > 0 || selected).then(|| FacetCount {
                value: (slug.clone(), name.clone()),
                count,
                selected,
            })
        })
        .collect();
    Facets {
        award,
        spread: FacetCount {
            value: (),
            count: c.spread,
            selected: filters.spread,
        },
        current: FacetCount {
            value: (),
            count: c.current,
            selected: filters.current,
        },
        current_months: crate::model::DEFAULT_REVIEW_MONTHS,
        focus_area: vocabulary_counts(&c.focus, &filters.focus_areas),
        area: vocabulary_counts(&c.area, &filters.areas),
        maturity: vocabulary_counts(&c.maturity, &filters.maturities),
        organisation,
        year,
    }
}
