//! One pass over the matching documents that yields the page of hits, the total and every
//! facet's counts.
//!
//! Facets are disjunctive: the counts of one facet are taken with every filter applied except
//! that facet's own, so a person sees how many hits each alternative would add. A document
//! that fails exactly one filter still counts for that filter's facet.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::Sort;
use super::spread::SpreadTable;
use crate::model::ExampleId;

/// Which values each filter lets through; `None` lets everything through.
#[derive(Debug, Clone, Default)]
pub(crate) struct FilterSpec {
    pub area: Option<u64>,
    pub focus: Option<u64>,
    pub maturity: Option<u64>,
    pub years: Option<Vec<u64>>,
    pub organisations: Option<Vec<String>>,
    /// Any of these awards, as a mask of the spread table's award positions.
    pub awards: Option<u64>,
    /// Only examples that at least one other unit has adopted.
    pub spread: bool,
    /// Only examples confirmed current (not due for review).
    pub current: bool,
    /// The last day of confirmation that is due (days since 1970-01-01): an example
    /// confirmed on or before it is due for review.
    pub due_through: i64,
}

impl FilterSpec {
    /// Whether no filter is set.
    fn is_empty(&self) -> bool {
        self.area.is_none()
            && self.focus.is_none()
            && self.maturity.is_none()
            && self.years.is_none()
            && self.organisations.is_none()
            && self.awards.is_none()
            && !self.spread
            && !self.current
    }

    /// Whether an example with these filter values passes every filter: what the collector
    /// decides per document, for the examples found by meaning.
    pub(crate) fn accepts(
        &self,
        meta: &crate::index::embedding::Meta,
        id: &ExampleId,
        table: &SpreadTable,
    ) -> bool {
        let in_mask = |m: Option<u64>, ordinal: usize| m.is_none_or(|m| m & (1 << ordinal) != 0);
        in_mask(self.area, meta.area)
            && self.focus.is_none_or(|m| m & meta.focus != 0)
            && in_mask(self.maturity, meta.maturity)
            && self
                .years
                .as_ref()
                .is_none_or(|ys| ys.contains(&(meta.year as u64)))
            && self
                .organisations
                .as_ref()
                .is_none_or(|os| os.iter().any(|o| o.as_str() == &*meta.organisation))
            && self.awards.is_none_or(|m| m & table.award_mask(id) != 0)
            && (!self.spread || table.adoptions_of(id) > 0)
            && (!self.current || meta.reviewed > self.due_through)
    }
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
    /// By the award's position in the spread table.
    pub award: HashMap<u64, u64>,
    /// Hits adopted by at least one other unit (with every other filter applied).
    pub spread: u64,
    /// Hits confirmed current within the period filtered on.
    pub current: u64,
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
        add(&mut self.award, other.award);
        self.spread += other.spread;
        self.current += other.current;
    }
}

/// What a search collects.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    /// Documents passing every filter.
    pub total: u64,
    /// Those of them with a score above zero: matched by the text query, not only by a
    /// zero-scored clause (the examples found by meaning alone).
    pub scored: u64,
    /// The best `limit` of them, best first.
    pub top: Vec<Entry>,
    /// Disjunctive facet counts.
    pub counts: Counts,
}

/// One segment's facet values, one slot per document: read once from the fast-field columns
/// and kept, since segments never change. Reading plain arrays is several times faster than
/// going through the columns' optional indexes for every matching document.
#[derive(Debug)]
pub(crate) struct SegmentFacets {
    area: Vec<u8>,
    /// Focus areas as a bit mask of ordinals.
    focus: Vec<u64>,
    maturity: Vec<u8>,
    /// Years from [`FIRST_YEAR`]; [`NONE_U16`] when missing.
    year: Vec<u16>,
    /// The organisation's term ordinal in the segment; `u32::MAX` when missing.
    org: Vec<u32>,
    created: Vec<i64>,
    /// When each example was last confirmed current (days since 1970-01-01).
    reviewed: Vec<i64>,
    organisation: Option<StrColumn>,
}

/// One segment's adoptions and awards, one slot per document (empty when the table is):
/// built from the spread table through the id terms' postings, once per table.
#[derive(Debug, Default)]
pub(crate) struct SegmentSpread {
    adoptions: Vec<u32>,
    awards: Vec<u64>,
}

impl SegmentSpread {
    fn read(
        reader: &SegmentReader,
        id_field: tantivy::schema::Field,
        table: &SpreadTable,
    ) -> tantivy::Result<Self> {
        if table.adoptions.is_empty() && table.badges.is_empty() {
            return Ok(Self::default());
        }
        let n = reader.max_doc() as usize;
        let mut out = Self {
            adoptions: vec![0; n],
            awards: vec![0; n],
        };
        let inverted = reader.inverted_index(id_field)?;
        let ids = table.adoptions.keys().chain(table.badges.keys());
        for id in ids {
            let term = tantivy::Term::from_field_text(id_field, id.as_str());
            let Some(mut postings) =
                inverted.read_postings(&term, tantivy::schema::IndexRecordOption::Basic)?
            else {
                continue;
            };
            use tantivy::DocSet as _;
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if let Some(slot) = out.adoptions.get_mut(doc as usize) {
                    *slot = table.adoptions_of(id);
                    out.awards[doc as usize] = table.award_mask(id);
                }
                doc = postings.advance();
            }
        }
        Ok(out)
    }
}

const NONE_U8: u8 = u8::MAX;
const NONE_U16: u16 = u16::MAX;

impl SegmentFacets {
    fn read(reader: &SegmentReader) -> tantivy::Result<Self> {
        let ff = reader.fast_fields();
        let (area, focus, maturity, year, created) = (
            ff.u64("area")?,
            ff.u64("focus")?,
            ff.u64("maturity")?,
            ff.u64("year")?,
            ff.i64("created")?,
        );
        let reviewed = ff.i64("reviewed")?;
        let organisation = ff.str("organisation")?;
        let n = reader.max_doc();
        let small = |c: &Column<u64>, d: DocId| c.first(d).map_or(NONE_U8, |v| v.min(63) as u8);
        Ok(Self {
            area: (0..n).map(|d| small(&area, d)).collect(),
            focus: (0..n)
                .map(|d| {
                    focus
                        .values_for_doc(d)
                        .filter(|v| *v < 64)
                        .fold(0, |m, v| m | (1 << v))
                })
                .collect(),
            maturity: (0..n).map(|d| small(&maturity, d)).collect(),
            year: (0..n)
                .map(|d| {
                    year.first(d)
                        .and_then(|y| y.checked_sub(FIRST_YEAR))
                        .filter(|y| (*y as usize) < YEARS)
                        .map_or(NONE_U16, |y| y as u16)
                })
                .collect(),
            org: (0..n)
                .map(|d| {
                    organisation
                        .as_ref()
                        .and_then(|c| c.term_ords(d).next())
                        .map_or(u32::MAX, |o| o as u32)
                })
                .collect(),
            created: (0..n).map(|d| created.first(d).unwrap_or(0)).collect(),
            reviewed: (0..n).map(|d| reviewed.first(d).unwrap_or(0)).collect(),
            organisation,
        })
    }
}

/// The facet tables of the segments searched lately, by segment.
#[derive(Debug, Default)]
pub(crate) struct FacetCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>,
    /// Each segment's spread arrays, with the generation of the table they were built from.
    spread: Mutex<HashMap<SegmentId, (u64, Arc<SegmentSpread>)>>,
}

impl FacetCache {
    fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentFacets>> {
        let id = reader.segment_id();
        if let Some(hit) = self.lock().get(&id) {
            return Ok(hit.clone());
        }
        let facets = Arc::new(SegmentFacets::read(reader)?);
        self.lock().insert(id, facets.clone());
        Ok(facets)
    }

    fn spread(
        &self,
        reader: &SegmentReader,
        id_field: tantivy::schema::Field,
        (generation, table): (u64, &SpreadTable),
    ) -> tantivy::Result<Arc<SegmentSpread>> {
        let id = reader.segment_id();
        let mut cached = self
            .spread
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((g, hit)) = cached.get(&id)
            && *g == generation
        {
            return Ok(hit.clone());
        }
        let built = Arc::new(SegmentSpread::read(reader, id_field, table)?);
        cached.insert(id, (generation, built.clone()));
        Ok(built)
    }

    /// Forgets segments that `searcher` no longer has (merged away).
    pub fn retain(&self, searcher: &tantivy::Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.lock().retain(|id, _| live.contains(id));
        self.spread
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|id, _| live.contains(id));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<SegmentFacets>>> {
        self.segments
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Collects the top `limit` documents passing every filter, their total and the facet counts.
pub(crate) struct FacetedTopCollector<'a> {
    pub filters: FilterSpec,
    pub sort: Sort,
    pub limit: usize,
    pub cache: &'a FacetCache,
    /// Documents scoring above zero but below this are left out altogether (a fallback's weak
    /// matches); zero-scored documents (found by meaning alone) always count.
    pub min_score: Score,
    /// The spread table and its generation.
    pub spread: (u64, &'a SpreadTable),
    /// The id field, whose postings place the spread table's examples.
    pub id_field: tantivy::schema::Field,
}

/// What an example current (not due for review) adds to its place among equally scored hits:
/// more than any difference of `created` (days), less than any difference of score.
const CURRENT_BONUS: f64 = 1e6;

pub(crate) struct SegmentState {
    segment: SegmentOrdinal,
    min_score: Score,
    sort: Sort,
    limit: usize,
    filters: FilterSpec,
    /// The organisations filtered on, as term ordinals of this segment.
    org_filter: Option<Vec<u32>>,
    /// The years filtered on, as offsets from [`FIRST_YEAR`].
    year_filter: Option<Vec<u16>>,
    facets: Arc<SegmentFacets>,
    spread: Arc<SegmentSpread>,
    /// Whether no filter is set (every match passes).
    unfiltered: bool,
    heap: BinaryHeap<Reverse<Entry>>,
    total: u64,
    scored: u64,
    /// Counts by vocabulary ordinal (below 64), by year offset from [`FIRST_YEAR`], and by the
    /// organisation's term ordinal in this segment.
    area_counts: [u64; 64],
    focus_counts: [u64; 64],
    maturity_counts: [u64; 64],
    year_counts: Vec<u64>,
    org_counts: Vec<u64>,
    award_counts: [u64; 64],
    spread_count: u64,
    current_count: u64,
}

/// The first year a year count has a slot for; years are 2000 to 2100.
const FIRST_YEAR: u64 = 2000;
const YEARS: usize = 256;

impl Collector for FacetedTopCollector<'_> {
    type Fruit = Collected;
    type Child = SegmentState;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentState> {
        let facets = self.cache.get(reader)?;
        let spread = self.cache.spread(reader, self.id_field, self.spread)?;
        let org_filter = match (&self.filters.organisations, &facets.organisation) {
            (None, _) => None,
            (Some(names), Some(col)) => {
                let mut ords = Vec::new();
                for name in names {
                    if let Some(ord) = col.dictionary().term_ord(name)? {
                        ords.push(ord as u32);
                    }
                }
                Some(ords)
            }
            (Some(_), None) => Some(Vec::new()),
        };
        let year_filter = self.filters.years.as_ref().map(|years| {
            years
                .iter()
                .filter_map(|y| y.checked_sub(FIRST_YEAR))
                .filter(|y| (*y as usize) < YEARS)
                .map(|y| y as u16)
                .collect()
        });
        let org_terms = facets
            .organisation
            .as_ref()
            .map_or(0, |c| c.dictionary().num_terms());
        Ok(SegmentState {
            segment,
            min_score: self.min_score,
            sort: self.sort,
            limit: self.limit,
            filters: self.filters.clone(),
            org_filter,
            year_filter,
            facets,
            spread,
            unfiltered: self.filters.is_empty(),
            heap: BinaryHeap::new(),
            total: 0,
            scored: 0,
            area_counts: [0; 64],
            focus_counts: [0; 64],
            maturity_counts: [0; 64],
            year_counts: vec![0; YEARS],
            org_counts: vec![0; org_terms],
            award_counts: [0; 64],
            spread_count: 0,
            current_count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort != Sort::Newest
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut out = Collected::default();
        let mut all: Vec<Entry> = Vec::new();
        for fruit in fruits {
            out.total += fruit.total;
            out.scored += fruit.scored;
            out.counts.merge(fruit.counts);
            all.extend(fruit.top);
        }
        all.sort_unstable_by(|a, b| b.cmp(a));
        all.truncate(self.limit);
        out.top = all;
        Ok(out)
    }
}

/// Whether a single-valued ordinal passes a mask filter (`None` passes everything; a missing
/// value passes only then).
fn small_in_mask(mask: Option<u64>, value: u8) -> bool {
    mask.is_none_or(|m| value < 64 && m & (1 << value) != 0)
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

/// Counts every ordinal set in `bits`.
fn count_bits(slots: &mut [u64; 64], mut bits: u64) {
    while bits != 0 {
        slots[bits.trailing_zeros() as usize] += 1;
        bits &= bits - 1;
    }
}

fn bump(slots: &mut [u64], index: usize) {
    if let Some(slot) = slots.get_mut(index) {
        *slot += 1;
    }
}

impl SegmentCollector for SegmentState {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        if score > 0.0 && score < self.min_score {
            return;
        }
        let d = doc as usize;
        let f = &self.facets;
        let (area, focus, maturity, year, org) =
            (f.area[d], f.focus[d], f.maturity[d], f.year[d], f.org[d]);
        let adoptions = self.spread.adoptions.get(d).copied().unwrap_or(0);
        let awards = self.spread.awards.get(d).copied().unwrap_or(0);
        let current = f.reviewed[d] > self.filters.due_through;
        if self.unfiltered {
            // Nothing filtered (most searches): every facet counts every match.
            bump(&mut self.area_counts, area as usize);
            count_bits(&mut self.focus_counts, focus);
            bump(&mut self.maturity_counts, maturity as usize);
            bump(&mut self.year_counts, year as usize);
            bump(&mut self.org_counts, org as usize);
            count_bits(&mut self.award_counts, awards);
            self.spread_count += u64::from(adoptions > 0);
            self.current_count += u64::from(current);
            self.total += 1;
            self.scored += u64::from(score > 0.0);
            self.push(doc, score, adoptions, current);
            return;
        }
        let pass = [
            small_in_mask(self.filters.area, area),
            self.filters.focus.is_none_or(|m| m & focus != 0),
            small_in_mask(self.filters.maturity, maturity),
            self.year_filter.as_ref().is_none_or(|l| l.contains(&year)),
            self.org_filter.as_ref().is_none_or(|l| l.contains(&org)),
            self.filters.awards.is_none_or(|m| m & awards != 0),
            !self.filters.spread || adoptions > 0,
            !self.filters.current || current,
        ];
        let failing = pass.iter().filter(|p| !**p).count();
        if failing > 1 {
            return;
        }
        // With no failing filter every facet counts the document; with one, only that facet.
        let counts_for = |dim: usize| failing == 0 || !pass[dim];
        if counts_for(0) {
            bump(&mut self.area_counts, area as usize);
        }
        if counts_for(1) {
            count_bits(&mut self.focus_counts, focus);
        }
        if counts_for(2) {
            bump(&mut self.maturity_counts, maturity as usize);
        }
        if counts_for(3) {
            bump(&mut self.year_counts, year as usize);
        }
        if counts_for(4) {
            bump(&mut self.org_counts, org as usize);
        }
        if counts_for(5) {
            count_bits(&mut self.award_counts, awards);
        }
        if counts_for(6) && adoptions > 0 {
            self.spread_count += 1;
        }
        if counts_for(7) && current {
            self.current_count += 1;
        }
        if failing == 0 {
            self.total += 1;
            self.scored += u64::from(score > 0.0);
            self.push(doc, score, adoptions, current);
        }
    }

    fn harvest(self) -> Collected {
        let mut counts = Counts {
            area: to_map(&self.area_counts, 0),
            focus: to_map(&self.focus_counts, 0),
            maturity: to_map(&self.maturity_counts, 0),
            year: to_map(&self.year_counts, FIRST_YEAR),
            organisation: HashMap::new(),
            award: to_map(&self.award_counts, 0),
            spread: self.spread_count,
            current: self.current_count,
        };
        if let Some(col) = &self.facets.organisation {
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
            scored: self.scored,
            top,
            counts,
        }
    }
}

impl SegmentState {
    fn push(&mut self, doc: DocId, score: Score, adoptions: u32, current: bool) {
        if self.limit == 0 {
            return;
        }
        // Ranked by score, a full page takes no match scoring below its last one: most
        // matches of a common word are turned away here, before an entry is made.
        if self.sort == Sort::Relevance
            && self.heap.len() == self.limit
            && self
                .heap
                .peek()
                .is_some_and(|Reverse(min)| f64::from(score) < min.primary)
        {
            return;
        }
        let created = self.facets.created[doc as usize] as f64;

        // Among equally scored hits, a current example before one due for review, then the
        // newest.
        let tie = created + if current { CURRENT_BONUS } else { 0.0 };
        let (primary, secondary) = match self.sort {
            Sort::Relevance => (f64::from(score), tie),
            Sort::Newest => (created, f64::from(score)),
            // Most adopted first; among equals the best match (every match of a listing
            // without a query scores the same, so then the current and newest).
            Sort::Spread => (f64::from(adoptions), f64::from(score) * 1e12 + tie),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::embedding::Meta;

    #[test]
    fn an_example_found_by_meaning_passes_the_filters_as_a_matched_one_would() {
        let meta = Meta {
            area: 2,
            focus: 0b101,
            maturity: 1,
            year: 2024,
            organisation: Arc::from("Kulturförvaltningen"),
            reviewed: 20_000,
        };
        let id = ExampleId::parse("ett-exempel").unwrap();
        let mut table = SpreadTable::default();
        table.adoptions.insert(id.clone(), 2);
        table.awards.push(("pris".into(), "Priset".into()));
        table.badges.insert(
            id.clone(),
            vec![crate::model::AwardBadge {
                award: "pris".into(),
                name: "Priset".into(),
                year: 2024,
                category: String::new(),
                result: crate::model::AwardResult::Vinnare,
            }],
        );
        assert!(FilterSpec::default().accepts(&meta, &id, &table));
        let spec = FilterSpec {
            area: Some(mask([2, 3])),
            focus: Some(mask([2])),
            maturity: Some(mask([1])),
            years: Some(vec![2023, 2024]),
            organisations: Some(vec!["Kulturförvaltningen".into()]),
            awards: Some(1),
            spread: true,
            current: true,
            due_through: 19_000,
        };
        assert!(spec.accepts(&meta, &id, &table));
        for failing in [
            FilterSpec {
                area: Some(mask([0])),
                ..spec.clone()
            },
            FilterSpec {
                focus: Some(mask([1])),
                ..spec.clone()
            },
            FilterSpec {
                maturity: Some(mask([0])),
                ..spec.clone()
            },
            FilterSpec {
                years: Some(vec![2020]),
                ..spec.clone()
            },
            FilterSpec {
                organisations: Some(vec!["X".into()]),
                ..spec.clone()
            },
            FilterSpec {
                awards: Some(2),
                ..spec.clone()
            },
            FilterSpec {
                due_through: 20_000,
                ..spec.clone()
            },
        ] {
            assert!(!failing.accepts(&meta, &id, &table), "{failing:?}");
        }
    }
}
