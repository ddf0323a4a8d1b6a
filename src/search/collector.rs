//! One pass over the matching documents that yields the page of hits, the total and every
//! facet's counts.
//!
//! Facets are disjunctive: the counts of one facet are taken with every filter applied except
//! that facet's own, so a person sees how many hits each alternative would add. A document
//! that fails exactly one filter still counts for that filter's facet.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::Sort;

/// Which values each filter lets through; `None` lets everything through.
#[derive(Debug, Clone, Default)]
pub(crate) struct FilterSpec {
    pub area: Option<u64>,
    pub focus: Option<u64>,
    pub maturity: Option<u64>,
    pub years: Option<Vec<u64>>,
    pub organisations: Option<Vec<String>>,
}

/// A bit mask of vocabulary ordinals.
pub(crate) fn mask(ordinals: impl IntoIterator<Item = usize>) -> u64 {
    ordinals.into_iter().fold(0, |m, o| m | (1 << o))
}

/// A hit's place in the order: higher first.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    primary: f64,
    secondary: f64,
    pub score: Score,
    pub doc: DocAddress,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.primary
            .total_cmp(&other.primary)
            .then(self.secondary.total_cmp(&other.secondary))
            // Earlier documents first among equals, for a stable order.
            .then_with(|| other.doc.cmp(&self.doc))
    }
}

/// Facet counts by value (ordinals for vocabularies, names for organisations).
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    pub area: HashMap<u64, u64>,
    pub focus: HashMap<u64, u64>,
    pub maturity: HashMap<u64, u64>,
    pub year: HashMap<u64, u64>,
    pub organisation: HashMap<String, u64>,
}

impl Counts {
    fn merge(&mut self, other: Counts) {
        fn add<K: std::hash::Hash + Eq>(into: &mut HashMap<K, u64>, from: HashMap<K, u64>) {
            for (k, v) in from {
                *into.entry(k).or_default() += v;
            }
        }
        add(&mut self.area, other.area);
        add(&mut self.focus, other.focus);
        add(&mut self.maturity, other.maturity);
        add(&mut self.year, other.year);
        add(&mut self.organisation, other.organisation);
    }
}

/// What a search collects.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    /// Documents passing every filter.
    pub total: u64,
    /// The best `limit` of them, best first.
    pub top: Vec<Entry>,
    /// Disjunctive facet counts.
    pub counts: Counts,
}

/// Collects the top `limit` documents passing every filter, their total and the facet counts.
pub(crate) struct FacetedTopCollector {
    pub filters: FilterSpec,
    pub sort: Sort,
    pub limit: usize,
}

pub(crate) struct SegmentState {
    segment: SegmentOrdinal,
    sort: Sort,
    limit: usize,
    filters: FilterSpec,
    org_filter: Option<Vec<u64>>,
    area: Column<u64>,
    focus: Column<u64>,
    maturity: Column<u64>,
    year: Column<u64>,
    created: Column<i64>,
    organisation: Option<StrColumn>,
    heap: BinaryHeap<Reverse<Entry>>,
    total: u64,
    /// Counts by vocabulary ordinal (below 64), by year offset from [`FIRST_YEAR`], and by the
    /// organisation's term ordinal in this segment: plain arrays, since this runs per document.
    area_counts: [u64; 64],
    focus_counts: [u64; 64],
    maturity_counts: [u64; 64],
    year_counts: Vec<u64>,
    org_counts: Vec<u64>,
}

/// The first year a year count has a slot for; years are 2000 to 2100.
const FIRST_YEAR: u64 = 2000;
const YEARS: usize = 256;

/// Up to a few values of one document in one column, without allocating.
#[derive(Clone, Copy)]
struct Few {
    values: [u64; 8],
    len: usize,
}

impl Few {
    fn of(values: impl Iterator<Item = u64>) -> Self {
        let mut few = Few {
            values: [0; 8],
            len: 0,
        };
        for v in values.take(8) {
            few.values[few.len] = v;
            few.len += 1;
        }
        few
    }

    fn as_slice(&self) -> &[u64] {
        &self.values[..self.len]
    }
}

impl Collector for FacetedTopCollector {
    type Fruit = Collected;
    type Child = SegmentState;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentState> {
        let ff = reader.fast_fields();
        let organisation = ff.str("organisation")?;
        let org_filter = match (&self.filters.organisations, &organisation) {
            (None, _) => None,
            (Some(names), Some(col)) => {
                let mut ords = Vec::new();
                for name in names {
                    if let Some(ord) = col.dictionary().term_ord(name)? {
                        ords.push(ord);
                    }
                }
                Some(ords)
            }
            (Some(_), None) => Some(Vec::new()),
        };
        let org_terms = organisation
            .as_ref()
            .map_or(0, |c| c.dictionary().num_terms());
        Ok(SegmentState {
            segment,
            sort: self.sort,
            limit: self.limit,
            filters: self.filters.clone(),
            org_filter,
            area: ff.u64("area")?,
            focus: ff.u64("focus")?,
            maturity: ff.u64("maturity")?,
            year: ff.u64("year")?,
            created: ff.i64("created")?,
            organisation,
            heap: BinaryHeap::new(),
            total: 0,
            area_counts: [0; 64],
            focus_counts: [0; 64],
            maturity_counts: [0; 64],
            year_counts: vec![0; YEARS],
            org_counts: vec![0; org_terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut out = Collected::default();
        let mut all: Vec<Entry> = Vec::new();
        for fruit in fruits {
            out.total += fruit.total;
            out.counts.merge(fruit.counts);
            all.extend(fruit.top);
        }
        all.sort_unstable_by(|a, b| b.cmp(a));
        all.truncate(self.limit);
        out.top = all;
        Ok(out)
    }
}

fn in_mask(m: Option<u64>, values: &[u64]) -> bool {
    m.is_none_or(|m| values.iter().any(|v| *v < 64 && m & (1 << v) != 0))
}

fn in_list(list: Option<&Vec<u64>>, values: &[u64]) -> bool {
    list.is_none_or(|l| values.iter().any(|v| l.contains(v)))
}

/// Adds one to each value's slot (`offset` is subtracted first); values without a slot are
/// not counted.
fn count(slots: &mut [u64], values: &[u64], offset: u64) {
    for v in values {
        if let Some(slot) = v
            .checked_sub(offset)
            .and_then(|i| slots.get_mut(i as usize))
        {
            *slot += 1;
        }
    }
}

/// The non-zero slots as a map from value to count.
fn to_map(slots: &[u64], offset: u64) -> HashMap<u64, u64> {
    slots
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| (i as u64 + offset, *n))
        .collect()
}

impl SegmentCollector for SegmentState {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        let area = Few::of(self.area.first(doc).into_iter());
        let focus = Few::of(self.focus.values_for_doc(doc));
        let maturity = Few::of(self.maturity.first(doc).into_iter());
        let year = Few::of(self.year.first(doc).into_iter());
        let org = match &self.organisation {
            Some(c) => Few::of(c.term_ords(doc)),
            None => Few::of(std::iter::empty()),
        };
        let (area, focus, maturity, year, org) = (
            area.as_slice(),
            focus.as_slice(),
            maturity.as_slice(),
            year.as_slice(),
            org.as_slice(),
        );
        let pass = [
            in_mask(self.filters.area, area),
            in_mask(self.filters.focus, focus),
            in_mask(self.filters.maturity, maturity),
            in_list(self.filters.years.as_ref(), year),
            in_list(self.org_filter.as_ref(), org),
        ];
        let failing = pass.iter().filter(|p| !**p).count();
        if failing > 1 {
            return;
        }
        // With no failing filter every facet counts the document; with one, only that facet.
        let counts_for = |dim: usize| failing == 0 || !pass[dim];
        if counts_for(0) {
            count(&mut self.area_counts, area, 0);
        }
        if counts_for(1) {
            count(&mut self.focus_counts, focus, 0);
        }
        if counts_for(2) {
            count(&mut self.maturity_counts, maturity, 0);
        }
        if counts_for(3) {
            count(&mut self.year_counts, year, FIRST_YEAR);
        }
        if counts_for(4) {
            count(&mut self.org_counts, org, 0);
        }
        if failing == 0 {
            self.total += 1;
            self.push(doc, score);
        }
    }

    fn harvest(self) -> Collected {
        let mut counts = Counts {
            area: to_map(&self.area_counts, 0),
            focus: to_map(&self.focus_counts, 0),
            maturity: to_map(&self.maturity_counts, 0),
            year: to_map(&self.year_counts, FIRST_YEAR),
            organisation: HashMap::new(),
        };
        if let Some(col) = &self.organisation {
            let mut name = String::new();
            for (ord, n) in self.org_counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                if col.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                    *counts.organisation.entry(name.clone()).or_default() += n;
                }
            }
        }
        let mut top: Vec<Entry> = self.heap.into_iter().map(|Reverse(e)| e).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        Collected {
            total: self.total,
            top,
            counts,
        }
    }
}

impl SegmentState {
    fn push(&mut self, doc: DocId, score: Score) {
        if self.limit == 0 {
            return;
        }
        let created = self.created.first(doc).unwrap_or(0) as f64;
        let (primary, secondary) = match self.sort {
            Sort::Relevance => (f64::from(score), created),
            Sort::Newest => (created, f64::from(score)),
        };
        let entry = Entry {
            primary,
            secondary,
            score,
            doc: DocAddress::new(self.segment, doc),
        };
        if self.heap.len() < self.limit {
            self.heap.push(Reverse(entry));
        } else if self.heap.peek().is_some_and(|Reverse(min)| entry > *min) {
            self.heap.pop();
            self.heap.push(Reverse(entry));
        }
    }
}
