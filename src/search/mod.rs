//! Searching the index: free-text queries with facet filters, highlighted snippets, single
//! examples by id, and similar examples ("more like this").
//!
//! A query is never an error: text is cleaned of characters the query language would
//! misread, cut to [`MAX_QUERY_CHARS`], and parsed leniently. Every word must match; when that
//! finds too little, some words may; for a long query (a question, a whole title), words that
//! carry enough of its weight, the examples with every word first.

mod clean;
mod collector;
mod facets;
mod highlight;
pub mod hybrid;
mod query;
mod request;
mod similar;
mod snippet;
mod spread;
mod suggest;
pub mod synonyms;

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryClone, TermQuery, TermSetQuery,
};
use tantivy::schema::IndexRecordOption;

use tantivy::{DocAddress, TantivyDocument, Term};

use crate::index::{self, ExampleIndex, IndexError, StoredExample, read_full, read_meta};
use crate::model::{Example, ExampleId, Vocabulary};
use collector::{Collected, FacetedTopCollector, FilterSpec, mask};

pub use clean::clean_query;
pub use facets::{FacetCount, Facets};
use highlight::Highlighter;
use query::Planner;
pub use query::{FEW, fuzzy_distance};
pub use request::{
    DEFAULT_PER_PAGE, Filters, MAX_DEPTH, MAX_PER_PAGE, MAX_QUERY_CHARS, ParamError, SearchRequest,
    Sort, vocabulary_param,
};
pub use snippet::Snippet;
pub use spread::{MAX_AWARDS, SpreadTable};
pub use suggest::{Completion, CompletionKind};

/// Today (UTC; a day's edge matters nothing to a period of months).
fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// The result of searches.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;

/// The ids of documents, in their order, read from the id column: a list that needs only
/// ids (similar examples, the examples a query excludes) reads no stored document.
fn ids_of(
    searcher: &tantivy::Searcher,
    addresses: impl IntoIterator<Item = DocAddress>,
) -> Result<Vec<ExampleId>> {
    let mut columns: std::collections::HashMap<u32, tantivy::columnar::StrColumn> =
        std::collections::HashMap::new();
    let mut out = Vec::new();
    let mut text = String::new();
    for address in addresses {
        let column = match columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(c) => c.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let reader = searcher.segment_reader(address.segment_ord);
                let column = reader
                    .fast_fields()
                    .str("id")?
                    .ok_or(IndexError::Corrupt("the index has no id column"))?;
                v.insert(column)
            }
        };
        let ord = column
            .term_ords(address.doc_id)
            .next()
            .ok_or(IndexError::Corrupt("a document has no id"))?;
        text.clear();
        column
            .ord_to_str(ord, &mut text)
            .map_err(|e| IndexError::Tantivy(e.into()))?;
        out.push(
            ExampleId::parse(&text)
                .map_err(|_| IndexError::Corrupt("a document's id is not valid"))?,
        );
    }
    Ok(out)
}

/// The share of the best partial match's score that a partial match needs to be shown.
const FALLBACK_SHARE: f32 = 0.35;
/// The weight of the meaning-based list in the fusion for a query of one known word that
/// found enough examples by itself (the lexical list weighs 1).
const KEYWORD_DENSE_WEIGHT: f32 = 0.5;

/// The most characters a snippet shows.
const SNIPPET_CHARS: usize = 220;

/// One hit: the example's front matter (body empty), its score and a snippet.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The example, without its body.
    pub example: Example,
    /// The relevance score (0 when sorted without a query).
    pub score: f32,
    /// Where the query matched, or the start of the summary.
    pub snippet: Snippet,
    /// How the example matched the query.
    pub matched: Matched,
    /// Units whose report of adopting the example was approved.
    pub adoptions: u32,
    /// The awards the example got, best first.
    pub awards: Vec<crate::model::AwardBadge>,
}

/// How a hit matched the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// Every word (a word the index does not know, possibly by a near spelling).
    AllWords,
    /// Only some of the words: the fallback when all of them find too little.
    SomeWords,
    /// By meaning alone: none of its words matched.
    Meaning,
    /// There was no query (a listing by filters, or similar examples).
    NoQuery,
}

/// A page of search results.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// The request answered.
    pub request: SearchRequest,
    /// Hits matching the query and every filter.
    pub total: u64,
    /// The hits of the requested page.
    pub hits: Vec<Hit>,
    /// Facet counts.
    pub facets: Facets,
    /// "Menade du: …": the query with its unknown words replaced by the index's nearest
    /// words; `None` when every word is known or nothing near is found.
    pub suggestion: Option<String>,
}

impl SearchResults {
    /// The number of pages (at least 1).
    pub fn pages(&self) -> u32 {
        let per = u64::from(self.request.per_page.max(1));
        u32::try_from(self.total.div_ceil(per).max(1)).unwrap_or(u32::MAX)
    }
}

/// What a fused ranking needs besides the lexical matches.
struct Fusion<'a> {
    /// The examples found by meaning, nearest first.
    dense: &'a [&'a index::embedding::DenseHit],
    /// Whether lexical matches rank above the rest.
    strict: bool,
    /// How much the meaning-based list weighs against the lexical one.
    dense_weight: f32,
    /// How a lexical match with this score matched.
    matched: &'a dyn Fn(f32) -> Matched,
}

/// What a search matches by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// Words and meaning fused when search by meaning is ready, else words.
    #[default]
    Auto,
    /// Words only (the lexical plans).
    Lexical,
    /// Meaning only (nearest vectors), when ready; an empty list otherwise.
    Dense,
}

/// Searching one [`ExampleIndex`].
pub struct SearchService {
    index: ExampleIndex,
    synonyms: std::sync::RwLock<std::sync::Arc<synonyms::Synonyms>>,
    facets: collector::FacetCache,
    similar: std::sync::Mutex<SimilarCache>,
    /// Adoptions and awards by example, with a generation that changes with the table.
    spread: std::sync::RwLock<(u64, std::sync::Arc<SpreadTable>)>,
    /// Months after which an example is due for review.
    review_months: std::sync::atomic::AtomicU32,
    /// Whole answers to recent searches, keyed by the normalised request and everything
    /// the answer depends on (see [`AnswerKey`]).
    answers: quick_cache::sync::Cache<AnswerKey, std::sync::Arc<SearchResults>>,
    /// Whether answers are kept (on unless turned off, to measure without them).
    keep_answers: std::sync::atomic::AtomicBool,
    /// Changes with every new synonym list.
    synonyms_generation: std::sync::atomic::AtomicU64,
}

/// Answers kept: a page of hits without bodies and the facets, some tens of kilobytes each.
const ANSWERS: usize = 2_000;

/// What an answer depends on besides the index's documents: the request (its text cleaned,
/// its filter values in one order; page and order as asked), and the generations of the
/// index, the vectors, the spread table and the synonym list, whether meaning is ready, the
/// review period and the day (which decides what is due).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct AnswerKey {
    q: String,
    filters: Filters,
    sort: Sort,
    page: u32,
    per_page: u32,
    generations: (u64, usize, bool, u64, u64),
    review: (u32, jiff::civil::Date),
}

/// Similar examples already found, valid while the index is unchanged: an example page asks
/// for them on every view, and more-like-this is the costliest part of that page.
#[derive(Debug, Default)]
struct SimilarCache {
    /// The searcher and vector generations the entries were computed on.
    generation: (u64, usize),
    hits: std::collections::HashMap<(ExampleId, usize, Mode), Vec<Hit>>,
}

/// Entries kept before the cache starts over (each a handful of hits without bodies).
const SIMILAR_CACHE_ENTRIES: usize = 50_000;

impl SearchService {
    /// Wraps an open index.
    pub fn new(index: ExampleIndex) -> Self {
        Self {
            index,
            synonyms: std::sync::RwLock::new(std::sync::Arc::new(synonyms::Synonyms::thesaurus())),
            facets: collector::FacetCache::default(),
            similar: std::sync::Mutex::default(),
            spread: std::sync::RwLock::default(),
            review_months: std::sync::atomic::AtomicU32::new(crate::model::DEFAULT_REVIEW_MONTHS),
            answers: quick_cache::sync::Cache::new(ANSWERS),
            keep_answers: std::sync::atomic::AtomicBool::new(true),
            synonyms_generation: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Uses `table` for the adoptions and awards of examples from the next search on.
    pub fn set_spread(&self, table: SpreadTable) {
        let mut slot = self
            .spread
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = (slot.0 + 1, std::sync::Arc::new(table));
    }

    /// The adoptions and awards searched with now, and their generation.
    pub fn spread_table(&self) -> (u64, std::sync::Arc<SpreadTable>) {
        self.spread
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Months after which an example is due for review.
    pub fn review_months(&self) -> u32 {
        self.review_months
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Sets the months after which an example is due for review (ranked a little lower).
    pub fn set_review_months(&self, months: u32) {
        self.review_months
            .store(months, std::sync::atomic::Ordering::Relaxed);
    }

    /// Fills in the adoptions and awards of `hits` from the spread table.
    fn with_spread(&self, mut hits: Vec<Hit>) -> Vec<Hit> {
        let (_, table) = self.spread_table();
        for hit in &mut hits {
            hit.adoptions = table.adoptions_of(&hit.example.id);
            hit.awards = table
                .badges
                .get(&hit.example.id)
                .cloned()
                .unwrap_or_default();
        }
        hits
    }

    /// Uses the organisers' synonym list (beside the thesaurus) from the next search on.
    pub fn set_synonyms(&self, list: &crate::corpus::SynonymList) {
        let synonyms = std::sync::Arc::new(synonyms::Synonyms::with_list(list));
        *self
            .synonyms
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = synonyms;
        self.synonyms_generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    fn synonyms(&self) -> std::sync::Arc<synonyms::Synonyms> {
        self.synonyms
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The index searched.
    pub fn index(&self) -> &ExampleIndex {
        &self.index
    }

    /// The number of published examples.
    pub fn count(&self) -> u64 {
        self.index.searcher().num_docs()
    }

    fn filter_spec(&self, filters: &Filters, table: &SpreadTable) -> FilterSpec {
        let some = |m: u64, empty: bool| (!empty).then_some(m);
        FilterSpec {
            awards: (!filters.awards.is_empty()).then(|| table.mask_of(&filters.awards)),
            spread: filters.spread,
            current: filters.current,
            due_through: crate::model::epoch_days(crate::model::due_through(
                today(),
                self.review_months(),
            )),
            area: some(
                mask(filters.areas.iter().map(|a| a.ordinal())),
                filters.areas.is_empty(),
            ),
            focus: some(
                mask(filters.focus_areas.iter().map(|a| a.ordinal())),
                filters.focus_areas.is_empty(),
            ),
            maturity: some(
                mask(filters.maturities.iter().map(|a| a.ordinal())),
                filters.maturities.is_empty(),
            ),
            years: (!filters.years.is_empty())
                .then(|| filters.years.iter().map(|y| *y as u64).collect()),
            organisations: (!filters.organisations.is_empty())
                .then(|| filters.organisations.clone()),
        }
    }

    /// Runs a search. Never fails for what a person typed; an `Err` is an index failure.
    ///
    /// With search by meaning ready, a query is answered by both the lexical plans and the
    /// nearest examples by meaning, fused into one ranking ([`hybrid::fuse`]); the total and
    /// the facets count the union of the lexical matches and the examples found by meaning
    /// (above [`hybrid::FLOOR`]), each with the request's filters. Otherwise, and for an empty
    /// query or a sort by date, the ranking is lexical.
    ///
    /// Answers are kept ([`ANSWERS`] of them, the least used leaving first) until anything
    /// they depend on changes: a publication, a new vector, an adoption or award, a synonym
    /// list, the day. So a repeated search costs a lookup, and a change is searchable at once.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if !self.keep_answers.load(std::sync::atomic::Ordering::Relaxed) {
            return self.search_in(request, Mode::Auto);
        }
        let key = self.answer_key(request);
        if let Some(kept) = self.answers.get(&key) {
            return Ok(SearchResults {
                request: request.clone(),
                ..(*kept).clone()
            });
        }
        let results = self.search_in(request, Mode::Auto)?;
        self.answers
            .insert(key, std::sync::Arc::new(results.clone()));
        Ok(results)
    }

    /// Keeps answers (the default) or works out every search in full (`false`: to measure
    /// the search itself under load).
    pub fn keep_answers(&self, keep: bool) {
        self.keep_answers
            .store(keep, std::sync::atomic::Ordering::Relaxed);
        if !keep {
            self.answers.clear();
        }
    }

    fn answer_key(&self, request: &SearchRequest) -> AnswerKey {
        let searcher = self.index.searcher();
        let semantic = self.index.semantic();
        AnswerKey {
            q: clean_query(&request.q),
            filters: request.filters.normalised(),
            sort: request.sort,
            page: request.page,
            per_page: request.per_page,
            generations: (
                searcher.generation().generation_id(),
                semantic.map_or(0, |s| s.generation()),
                semantic.is_some_and(|s| s.ready()),
                self.spread_table().0,
                self.synonyms_generation
                    .load(std::sync::atomic::Ordering::Relaxed),
            ),
            review: (self.review_months(), today()),
        }
    }

    /// [`SearchService::search`] with the given kind of matching. [`Mode::Dense`] ranks by
    /// meaning alone (for measuring it): its total is the examples found, its facets are empty.
    pub fn search_in(&self, request: &SearchRequest, mode: Mode) -> Result<SearchResults> {
        let searcher = self.index.searcher();
        let text = clean_query(&request.q);
        self.facets.retain(&searcher);
        let sort = match request.sort {
            Sort::Relevance if text.is_empty() => Sort::Newest,
            other => other,
        };
        let (generation, table) = self.spread_table();
        let dense = if text.is_empty() || mode == Mode::Lexical {
            Vec::new()
        } else {
            self.dense_hits(&text, &request.filters, &table)
        };
        if mode == Mode::Dense && !text.is_empty() {
            let skip = ((request.page - 1) * request.per_page) as usize;
            let ranked: Vec<(ExampleId, f32)> = dense
                .iter()
                .skip(skip)
                .take(request.per_page as usize)
                .map(|h| (h.id.clone(), h.similarity))
                .collect();
            return Ok(SearchResults {
                request: request.clone(),
                total: dense.len() as u64,
                hits: self.with_spread(self.plain_hits(&searcher, &ranked, Matched::Meaning)?),
                facets: Facets::default(),
                suggestion: None,
            });
        }
        let fusing = !dense.is_empty() && sort == Sort::Relevance;
        let depth = (request.page * request.per_page) as usize;

        let collector = FacetedTopCollector {
            filters: self.filter_spec(&request.filters, &table),
            spread: (generation, &table),
            id_field: self.index.fields().id,

            sort,
            limit: if fusing {
                depth + hybrid::LEXICAL_LIST
            } else {
                depth
            },
            cache: &self.facets,
            min_score: 0.0,
        };
        let restrict = request
            .filters
            .ids
            .as_ref()
            .map(|ids| self.id_set(ids, 0.0));
        let found_by_meaning =
            (!dense.is_empty()).then(|| self.id_set(dense.iter().map(|h| &h.id), 0.0));
        // A plan joins the restriction to the fair's examples and the examples found by
        // meaning, neither of which changes its scores.
        let within = |q: Box<dyn Query>, excluded: &[Box<dyn Query>]| -> Box<dyn Query> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, q)];
            if let Some(meaning) = &found_by_meaning {
                clauses.push((Occur::Should, meaning.box_clone()));
            }
            clauses.extend(excluded.iter().map(|e| (Occur::MustNot, e.box_clone())));
            let either: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
            match &restrict {
                Some(r) => Box::new(BooleanQuery::new(vec![
                    (Occur::Must, either),
                    (Occur::Must, r.box_clone()),
                ])),
                None => either,
            }
        };
        let mut suggestion = None;
        let mut strict = false;
        let mut keyword = false;
        let mut fell_back = false;
        let mut excluded_ids = std::collections::HashSet::new();
        let (query, collected) = if text.is_empty() {
            let query = within(Box::new(AllQuery), &[]);
            let collected = searcher.search(&*query, &collector)?;
            (query, collected)
        } else {
            let synonyms = self.synonyms();
            let plan = Planner::new(&searcher, self.index.fields(), &synonyms).plan(&text);
            suggestion = suggest::correction(
                &searcher,
                self.index.fields(),
                &text,
                &plan.unknown,
                &plan.near,
            )?;
            strict = plan.strict;
            keyword = plan.words == 1 && plan.unknown.is_empty();
            if !plan.excluded.is_empty() && !dense.is_empty() {
                excluded_ids = self.matching_ids(&searcher, &plan.excluded, &dense)?;
            }
            // Some of the words are enough only when all of them find fewer than FEW; for a
            // long query, fewer than the page shows (its plan of some words ranks the matches
            // of every word first, so a page full of them is the same either way).
            let mut query = within(plan.exact, &plan.excluded);
            let mut collected = searcher.search(&*query, &collector)?;
            let enough = if plan.long {
                FEW.max(depth as u64)
            } else {
                FEW
            };
            if collected.scored < enough
                && let Some(any) = plan.any
            {
                query = within(any, &plan.excluded);
                // Weak partial matches are noise: only those scoring at least a share of the
                // best partial match are kept (matches of every word always are).
                // The examples matching every word (fewer than FEW) rank above the rest.
                let top = searcher.search(
                    &*query,
                    &TopDocs::with_limit(FEW as usize + 1).order_by_score(),
                )?;
                let best = top
                    .iter()
                    .map(|(s, _)| *s)
                    .find(|s| *s < query::EXACT_TIER)
                    .unwrap_or(0.0);
                let floor = best * FALLBACK_SHARE;
                let collector = FacetedTopCollector {
                    min_score: floor,
                    ..collector
                };
                collected = searcher.search(&*query, &collector)?;
                fell_back = true;
            }
            (query, collected)
        };
        let matched = |score: f32| {
            if text.is_empty() {
                Matched::NoQuery
            } else if fell_back && score < query::EXACT_TIER {
                Matched::SomeWords
            } else {
                Matched::AllWords
            }
        };
        let hits = if fusing {
            let dense: Vec<&index::embedding::DenseHit> = dense
                .iter()
                .filter(|h| !excluded_ids.contains(&h.id))
                .collect();
            // One known word that every lexical match has says what is wanted in the words
            // themselves; meaning adds less to it than to a question or a misspelling.
            let dense_weight = if keyword && !fell_back && collected.scored >= FEW {
                KEYWORD_DENSE_WEIGHT
            } else {
                1.0
            };
            let fused = Fusion {
                dense: &dense,
                strict,
                dense_weight,
                matched: &matched,
            };
            self.fused_hits(&searcher, &*query, &collected, &fused, request)?
        } else {
            self.hits(&searcher, &*query, &collected, request, &matched)?
        };
        Ok(SearchResults {
            request: request.clone(),
            total: collected.total,
            hits: self.with_spread(hits),
            facets: Facets {
                current_months: self.review_months(),
                ..facets::facets(&collected, &request.filters, &table)
            },
            suggestion,
        })
    }

    /// A zero-scored clause matching the given examples.
    fn id_set<'i>(
        &self,
        ids: impl IntoIterator<Item = &'i ExampleId>,
        score: f32,
    ) -> Box<dyn Query> {
        let field = self.index.fields().id;
        let terms = ids
            .into_iter()
            .map(|id| Term::from_field_text(field, id.as_str()));
        Box::new(ConstScoreQuery::new(
            Box::new(TermSetQuery::new(terms)),
            score,
        ))
    }

    /// The examples found by meaning for `text` that pass `filters`; empty when search by
    /// meaning is not ready.
    fn dense_hits(
        &self,
        text: &str,
        filters: &Filters,
        table: &SpreadTable,
    ) -> Vec<index::embedding::DenseHit> {
        let Some(semantic) = self.index.semantic().filter(|s| s.ready()) else {
            return Vec::new();
        };
        let Some(vector) = semantic.query_vector(text) else {
            return Vec::new();
        };
        let spec = self.filter_spec(filters, table);
        let mut hits = semantic.nearest(&vector, hybrid::DENSE_LIST, hybrid::FLOOR, &|id, meta| {
            spec.accepts(meta, id, table) && filters.ids.as_ref().is_none_or(|ids| ids.contains(id))
        });
        // Only examples about as near as the nearest count as found: similarities of
        // unrelated texts lie close below those of related ones.
        if let Some(best) = hits.first().map(|h| h.similarity) {
            hits.retain(|h| h.similarity >= best - hybrid::MARGIN);
        }
        hits
    }

    /// Which of the dense hits match any of `queries` (the query's exclusions).
    fn matching_ids(
        &self,
        searcher: &tantivy::Searcher,
        queries: &[Box<dyn Query>],
        dense: &[index::embedding::DenseHit],
    ) -> Result<std::collections::HashSet<ExampleId>> {
        let any: Box<dyn Query> = Box::new(BooleanQuery::new(
            queries
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect(),
        ));
        let query = BooleanQuery::new(vec![
            (Occur::Must, any),
            (Occur::Must, self.id_set(dense.iter().map(|h| &h.id), 0.0)),
        ]);
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(dense.len().max(1)).order_by_score(),
        )?;
        Ok(
            ids_of(searcher, top.into_iter().map(|(_, address)| address))?
                .into_iter()
                .collect(),
        )
    }

    /// The page of a fused ranking: the lexical order of `collected` (documents with a score)
    /// fused with the examples found by meaning.
    fn fused_hits(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        collected: &Collected,
        fusion: &Fusion<'_>,
        request: &SearchRequest,
    ) -> Result<Vec<Hit>> {
        let (dense, strict) = (fusion.dense, fusion.strict);
        let f = self.index.fields();
        // Every lexical match of the fused list is read once: its id joins the fusion, its
        // title may be the query itself, and a page hit reuses what was read.
        let mut lexical = Vec::new();
        let mut read: std::collections::HashMap<ExampleId, (TantivyDocument, Example, f32)> =
            std::collections::HashMap::new();
        let wanted = hybrid::normalised(&request.q);
        let mut title_match = None;
        for entry in collected.top.iter().filter(|e| e.score > 0.0) {
            let doc: TantivyDocument = searcher.doc(entry.doc)?;
            let example = read_meta(f, &doc)?;
            if title_match.is_none() && hybrid::normalised(&example.title) == wanted {
                title_match = Some(example.id.clone());
            }
            lexical.push(example.id.clone());
            read.insert(example.id.clone(), (doc, example, entry.score));
        }
        let dense_ids: Vec<ExampleId> = dense.iter().map(|h| h.id.clone()).collect();
        let fused = hybrid::fuse(
            &lexical,
            &dense_ids,
            fusion.dense_weight,
            title_match.as_ref(),
            strict,
        );
        let skip = ((request.page - 1) * request.per_page) as usize;
        let highlighter = Highlighter::new(searcher, query, f)?;
        let mut hits = Vec::new();
        for item in fused.iter().skip(skip).take(request.per_page as usize) {
            let hit = match read.remove(&item.id) {
                Some((doc, example, score)) => Hit {
                    snippet: highlighter.snippet(&doc, f, &example.summary),
                    matched: (fusion.matched)(score),
                    score: item.score,
                    example,
                    adoptions: 0,
                    awards: Vec::new(),
                },
                None => {
                    let Some(address) = self.address_of(searcher, &item.id)? else {
                        continue;
                    };
                    let example = read_meta(f, &searcher.doc(address)?)?;
                    Hit {
                        snippet: Snippet::plain(&example.summary, SNIPPET_CHARS),
                        matched: Matched::Meaning,
                        score: item.score,
                        example,
                        adoptions: 0,
                        awards: Vec::new(),
                    }
                }
            };
            hits.push(hit);
        }
        Ok(hits)
    }

    /// Completions for what has been typed so far: matching titles first, then words of the
    /// index, at most `limit` in all.
    pub fn suggest(&self, typed: &str, limit: usize) -> Result<Vec<Completion>> {
        suggest::completions(&self.index.searcher(), self.index.fields(), typed, limit)
    }

    fn hits(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        collected: &Collected,
        request: &SearchRequest,
        matched: &dyn Fn(f32) -> Matched,
    ) -> Result<Vec<Hit>> {
        let highlight = !clean_query(&request.q).is_empty();
        let f = self.index.fields();
        let skip = ((request.page - 1) * request.per_page) as usize;
        let highlighter = if highlight {
            Some(Highlighter::new(searcher, query, f)?)
        } else {
            None
        };
        let mut hits = Vec::new();
        for entry in collected.top.iter().skip(skip) {
            let doc: TantivyDocument = searcher.doc(entry.doc)?;
            let example = read_meta(f, &doc)?;
            let snippet = match &highlighter {
                Some(h) => h.snippet(&doc, f, &example.summary),
                None => Snippet::plain(&example.summary, SNIPPET_CHARS),
            };
            hits.push(Hit {
                example,
                score: entry.score,
                snippet,
                matched: matched(entry.score),
                adoptions: 0,
                awards: Vec::new(),
            });
        }
        Ok(hits)
    }

    fn address_of(
        &self,
        searcher: &tantivy::Searcher,
        id: &ExampleId,
    ) -> Result<Option<DocAddress>> {
        let term = Term::from_field_text(self.index.fields().id, id.as_str());
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        Ok(top.first().map(|(_, addr)| *addr))
    }

    /// The published example with this id, with its rendered body; `None` when there is no
    /// such published example.
    pub fn get(&self, id: &ExampleId) -> Result<Option<StoredExample>> {
        let searcher = self.index.searcher();
        let Some(address) = self.address_of(&searcher, id)? else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        read_full(self.index.fields(), &doc).map(Some)
    }

    /// Hits for examples by id, in order, with their summaries as snippets (ids no longer in
    /// the index are skipped).
    fn plain_hits(
        &self,
        searcher: &tantivy::Searcher,
        ranked: &[(ExampleId, f32)],
        matched: Matched,
    ) -> Result<Vec<Hit>> {
        let f = self.index.fields();
        let mut hits = Vec::with_capacity(ranked.len());
        for (id, score) in ranked {
            let Some(address) = self.address_of(searcher, id)? else {
                continue;
            };
            let example = read_meta(f, &searcher.doc(address)?)?;
            let snippet = Snippet::plain(&example.summary, SNIPPET_CHARS);
            hits.push(Hit {
                example,
                score: *score,
                snippet,
                matched,
                adoptions: 0,
                awards: Vec::new(),
            });
        }
        Ok(hits)
    }
}
