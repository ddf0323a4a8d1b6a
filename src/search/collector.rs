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
    counts: Counts,
    org_counts: HashMap<u64, u64>,
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
            counts: Counts::default(),
            org_counts: HashMap::new(),
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

fn count(map: &mut HashMap<u64, u64>, values: &[u64]) {
    for v in values {
        *map.entry(*v).or_default() += 1;
    }
}

impl SegmentCollector for SegmentState {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        let area: Vec<u64> = self.area.first(doc).into_iter().collect();
        let focus: Vec<u64> = self.focus.values_for_doc(doc).collect();
        let maturity: Vec<u64> = self.maturity.first(doc).into_iter().collect();
        let year: Vec<u64> = self.year.first(doc).into_iter().collect();
        let org: Vec<u64> = self
            .organisation
            .as_ref()
            .map(|c| c.term_ords(doc).collect())
            .unwrap_or_default();
        let pass = [
            in_mask(self.filters.area, &area),
            in_mask(self.filters.focus, &focus),
            in_mask(self.filters.maturity, &maturity),
            in_list(self.filters.years.as_ref(), &year),
            in_list(self.org_filter.as_ref(), &org),
        ];
        let failing = pass.iter().filter(|p| !**p).count();
        if failing > 1 {
            return;
        }
        // With no failing filter every facet counts the document; with one, only that facet.
        let counts_for = |dim: usize| failing == 0 || !pass[dim];
        if counts_for(0) {
            count(&mut self.counts.area, &area);
        }
        if counts_for(1) {
            count(&mut self.counts.focus, &focus);
        }
        if counts_for(2) {
            count(&mut self.counts.maturity, &maturity);
        }
        if counts_for(3) {
            count(&mut self.counts.year, &year);
        }
        if counts_for(4) {
            count(&mut self.org_counts, &org);
        }
        if failing == 0 {
            self.total += 1;
            self.push(doc, score);
        }
    }

    fn harvest(mut self) -> Collected {
        if let Some(col) = &self.organisation {
            let mut name = String::new();
            for (ord, n) in self.org_counts.drain() {
                if col.ord_to_str(ord, &mut name).unwrap_or(false) {
                    *self.counts.organisation.entry(name.clone()).or_default() += n;
                }
            }
        }
        let mut top: Vec<Entry> = self.heap.into_iter().map(|Reverse(e)| e).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        Collected {
            total: self.total,
            top,
            counts: self.counts,
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
