//! Searching the index: free-text queries with facet filters, highlighted snippets, single
//! examples by id, and similar examples ("more like this").
//!
//! A query is never an error: text is cleaned of characters the query language would
//! misread, cut to [`MAX_QUERY_CHARS`], and parsed leniently. Every word must match; when that
//! finds nothing, any word may.

mod collector;
pub mod hybrid;
mod query;
mod request;
mod similar;
mod snippet;
mod suggest;
pub mod synonyms;

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryClone, TermQuery, TermSetQuery,
};
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::index::{self, ExampleIndex, IndexError, StoredExample, read_full, read_meta};
use crate::model::{Area, Example, ExampleId, FocusArea, Maturity, Vocabulary};
use collector::{Collected, FacetedTopCollector, FilterSpec, mask};

use query::Planner;
pub use query::{FEW, fuzzy_distance};
pub use request::{
    DEFAULT_PER_PAGE, Filters, MAX_DEPTH, MAX_PER_PAGE, MAX_QUERY_CHARS, ParamError, SearchRequest,
    Sort, vocabulary_param,
};
pub use snippet::Snippet;
pub use suggest::{Completion, CompletionKind};

/// The result of searches.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;

/// The share of the best partial match's score that a partial match needs to be shown.
const FALLBACK_SHARE: f32 = 0.35;

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

/// How many hits a facet value has.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Cleans a query of what the query language would misread: control characters and
/// punctuation other than quotes (phrases) and a leading `-`/`+` (exclude/require) become
/// spaces, an unbalanced quote is dropped, and the text is cut to [`MAX_QUERY_CHARS`].
pub fn clean_query(q: &str) -> String {
    let mut out: String = q
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(|c| {
            if c.is_alphanumeric() || c == '"' || c == '-' || c == '+' {
                c
            } else {
                ' '
            }
        })
        .collect();
    if out.matches('"').count() % 2 == 1
        && let Some(i) = out.rfind('"')
    {
        out.replace_range(i..=i, " ");
    }
    // A '-' or '+' is an operator only at the start of a word; elsewhere it joins words.
    let words: Vec<String> = out
        .split_whitespace()
        .filter_map(|w| {
            let core = w.trim_start_matches(['-', '+']);
            let op = &w[..w.len() - core.len()];
            let core = core.trim_end_matches(['-', '+']);
            let core_has_text = core.chars().any(char::is_alphanumeric);
            core_has_text.then(|| {
                format!(
                    "{}{core}",
                    op.chars().next().map(String::from).unwrap_or_default()
                )
            })
        })
        .collect();
    words.join(" ")
}

/// What a fused ranking needs besides the lexical matches.
struct Fusion<'a> {
    /// The examples found by meaning, nearest first.
    dense: &'a [&'a index::embedding::DenseHit],
    /// Whether lexical matches rank above the rest.
    strict: bool,
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
        }
    }

    /// Uses the organisers' synonym list (beside the thesaurus) from the next search on.
    pub fn set_synonyms(&self, list: &crate::corpus::SynonymList) {
        let synonyms = std::sync::Arc::new(synonyms::Synonyms::with_list(list));
        *self
            .synonyms
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = synonyms;
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

    fn filter_spec(&self, filters: &Filters) -> FilterSpec {
        let some = |m: u64, empty: bool| (!empty).then_some(m);
        FilterSpec {
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
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.search_in(request, Mode::Auto)
    }

    /// [`SearchService::search`] with the given kind of matching. [`Mode::Dense`] ranks by
    /// meaning alone (for measuring it): its total is the examples found, its facets are empty.
    pub fn search_in(&self, request: &SearchRequest, mode: Mode) -> Result<SearchResults> {
        let searcher = self.index.searcher();
        let text = clean_query(&request.q);
        self.facets.retain(&searcher);
        let sort = if text.is_empty() {
            Sort::Newest
        } else {
            request.sort
        };
        let dense = if text.is_empty() || mode == Mode::Lexical {
            Vec::new()
        } else {
            self.dense_hits(&text, &request.filters)
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
                hits: self.plain_hits(&searcher, &ranked, Matched::Meaning)?,
                facets: Facets::default(),
                suggestion: None,
            });
        }
        let fusing = !dense.is_empty() && sort == Sort::Relevance;
        let depth = (request.page * request.per_page) as usize;
        let collector = FacetedTopCollector {
            filters: self.filter_spec(&request.filters),
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
            if !plan.excluded.is_empty() && !dense.is_empty() {
                excluded_ids = self.matching_ids(&searcher, &plan.excluded, &dense)?;
            }
            // Some of the words are enough only when all of them find fewer than FEW.
            let mut query = within(plan.exact, &plan.excluded);
            let mut collected = searcher.search(&*query, &collector)?;
            if collected.scored < FEW
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
            let fused = Fusion {
                dense: &dense,
                strict,
                matched: &matched,
            };
            self.fused_hits(&searcher, &*query, &collected, &fused, request)?
        } else {
            self.hits(&searcher, &*query, &collected, request, &matched)?
        };
        Ok(SearchResults {
            request: request.clone(),
            total: collected.total,
            hits,
            facets: facets(&collected, &request.filters),
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
    fn dense_hits(&self, text: &str, filters: &Filters) -> Vec<index::embedding::DenseHit> {
        let Some(semantic) = self.index.semantic().filter(|s| s.ready()) else {
            return Vec::new();
        };
        let Some(vector) = semantic.query_vector(text) else {
            return Vec::new();
        };
        let spec = self.filter_spec(filters);
        let mut hits = semantic.nearest(&vector, hybrid::DENSE_LIST, hybrid::FLOOR, &|id, meta| {
            spec.accepts(meta) && filters.ids.as_ref().is_none_or(|ids| ids.contains(id))
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
        let mut out = std::collections::HashSet::new();
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = doc
                .get_first(self.index.fields().id)
                .and_then(|v| v.as_str())
                && let Ok(id) = ExampleId::parse(id)
            {
                out.insert(id);
            }
        }
        Ok(out)
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
        let fused = hybrid::fuse(&lexical, &dense_ids, title_match.as_ref(), strict);
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

    /// Up to `limit` published examples most like the example `id` (never itself); `None`
    /// when there is no such published example. Words and meaning are fused when search by
    /// meaning is ready (see the `similar` module).
    pub fn similar(&self, id: &ExampleId, limit: usize) -> Result<Option<Vec<Hit>>> {
        self.similar_in(id, limit, Mode::Auto)
    }

    /// [`SearchService::similar`] with the given kind of matching.
    pub fn similar_in(&self, id: &ExampleId, limit: usize, mode: Mode) -> Result<Option<Vec<Hit>>> {
        let searcher = self.index.searcher();
        let generation = (
            searcher.generation().generation_id(),
            self.index.semantic().map_or(0, |s| s.generation()),
        );
        let key = (id.clone(), limit, mode);
        {
            let mut cache = self
                .similar
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cache.generation != generation {
                cache.generation = generation;
                cache.hits.clear();
            }
            if let Some(hits) = cache.hits.get(&key) {
                return Ok(Some(hits.clone()));
            }
        }
        let found = similar::to_example(self, &searcher, id, limit, mode)?;
        if let Some(hits) = &found {
            let mut cache = self
                .similar
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cache.generation == generation {
                if cache.hits.len() >= SIMILAR_CACHE_ENTRIES {
                    cache.hits.clear();
                }
                cache.hits.insert(key, hits.clone());
            }
        }
        Ok(found)
    }

    /// Up to `limit` published examples most like a draft that is not (yet) published: its
    /// title, summary and Markdown body, any of which may be empty. A blank draft has no
    /// similar examples.
    pub fn similar_to_draft(
        &self,
        title: &str,
        summary: &str,
        body_markdown: &str,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        self.similar_to_draft_in(title, summary, body_markdown, limit, Mode::Auto)
    }

    /// [`SearchService::similar_to_draft`] with the given kind of matching.
    pub fn similar_to_draft_in(
        &self,
        title: &str,
        summary: &str,
        body_markdown: &str,
        limit: usize,
        mode: Mode,
    ) -> Result<Vec<Hit>> {
        let draft = similar::Draft {
            title,
            summary,
            body: body_markdown,
        };
        similar::to_draft(self, &self.index.searcher(), &draft, limit, mode)
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
            });
        }
        Ok(hits)
    }
}

/// A snippet generator for `field` that highlights the terms of `query` with the cheap
/// snippet analyzer ([`crate::index::snippet_analyzer`]) instead of the field's own.
fn snippet_generator(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
) -> Result<SnippetGenerator> {
    let mut terms = std::collections::BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut weights = std::collections::BTreeMap::new();
    for term in terms {
        if let Some(text) = term.value().as_str() {
            let df = searcher.doc_freq(&term)?;
            if df > 0 {
                weights.insert(text.to_owned(), 1.0 / (1.0 + df as f32));
            }
        }
    }
    Ok(SnippetGenerator::new(
        weights,
        crate::index::snippet_analyzer(),
        field,
        SNIPPET_CHARS,
    ))
}

/// What highlights a query's terms in hits: snippet generators for body and summary, and the
/// query's body terms (to find the window of the body worth analysing).
struct Highlighter {
    body: SnippetGenerator,
    summary: SnippetGenerator,
    terms: Vec<String>,
}

impl Highlighter {
    fn new(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        f: &crate::index::Fields,
    ) -> Result<Self> {
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == f.body
                && let Some(text) = term.value().as_str()
            {
                terms.push(text.to_owned());
            }
        });
        Ok(Self {
            body: snippet_generator(searcher, query, f.body)?,
            summary: snippet_generator(searcher, query, f.summary)?,
            terms,
        })
    }

    /// The best snippet of a stored document whose example has `summary_text`.
    fn snippet(
        &self,
        doc: &TantivyDocument,
        f: &crate::index::Fields,
        summary_text: &str,
    ) -> Snippet {
        best_snippet(
            doc,
            f,
            (&self.body, &self.terms),
            &self.summary,
            summary_text,
        )
    }
}

fn from_tantivy(s: &tantivy::snippet::Snippet, full_len: usize) -> Snippet {
    let range = s.fragment_range();
    Snippet {
        fragment: s.fragment().to_owned(),
        highlights: s.highlighted().to_vec(),
        cut_before: range.start > 0,
        cut_after: range.end < full_len,
    }
}

/// Bytes analysed before and after the first occurrence of a query term.
const WINDOW_BEFORE: usize = 300;
const WINDOW_AFTER: usize = 900;

/// The byte range of `text` worth analysing for a snippet: around the first occurrence of any
/// of `terms` (case-insensitive), or the start of the text when none occurs.
fn snippet_window<'a>(text: &str, terms: impl Iterator<Item = &'a String>) -> (usize, usize) {
    // A term as written, or capitalised at the start of a sentence; lowercasing the whole body
    // instead would cost more than the window saves.
    let first = terms
        .flat_map(|t| {
            let mut chars = t.chars();
            let capital: Option<String> = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect());
            [text.find(t.as_str()), capital.and_then(|c| text.find(&c))]
        })
        .flatten()
        .min();
    let (from, to) = match first {
        Some(at) => (at.saturating_sub(WINDOW_BEFORE), at + WINDOW_AFTER),
        None => (0, WINDOW_BEFORE + WINDOW_AFTER),
    };
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = to.min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    (from, to)
}

fn best_snippet(
    doc: &TantivyDocument,
    f: &crate::index::Fields,
    (body, terms): (&SnippetGenerator, &[String]),
    summary: &SnippetGenerator,
    summary_text: &str,
) -> Snippet {
    let body_text = doc
        .get_first(f.body)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    // Analysing a whole body costs most of a query's time, so only a window around the first
    // place where a query term occurs is analysed (stems are prefixes of the words they match).
    let (start, end) = snippet_window(body_text, terms.iter());
    let window = &body_text[start..end];
    let from_body = body.snippet(window);
    if !from_body.highlighted().is_empty() {
        let range = from_body.fragment_range();
        return Snippet {
            fragment: from_body.fragment().to_owned(),
            highlights: from_body.highlighted().to_vec(),
            cut_before: start + range.start > 0,
            cut_after: start + range.end < body_text.len(),
        };
    }
    let from_summary = summary.snippet(summary_text);
    if !from_summary.highlighted().is_empty() {
        return from_tantivy(&from_summary, summary_text.len());
    }
    Snippet::plain(summary_text, SNIPPET_CHARS)
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

fn facets(collected: &Collected, filters: &Filters) -> Facets {
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
    Facets {
        focus_area: vocabulary_counts(&c.focus, &filters.focus_areas),
        area: vocabulary_counts(&c.area, &filters.areas),
        maturity: vocabulary_counts(&c.maturity, &filters.maturities),
        organisation,
        year,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_snippet_window_surrounds_the_first_term_on_character_boundaries() {
        let text = format!(
            "{}Matsvinnet minskade. {}",
            "å".repeat(400),
            "ö".repeat(1000)
        );
        let terms = ["matsvinn".to_owned()];
        let (from, to) = super::snippet_window(&text, terms.iter());
        assert!(text[from..to].contains("Matsvinnet"));
        assert!(from > 0 && to < text.len());
        let none = ["zebra".to_owned()];
        assert_eq!(super::snippet_window(&text, none.iter()).0, 0);
    }

    use super::*;

    #[test]
    fn odd_queries_are_cleaned_not_refused() {
        assert_eq!(clean_query("\"matsvinn i skolan"), "matsvinn i skolan");
        assert_eq!(clean_query("AND ( OR"), "AND OR");
        assert_eq!(clean_query("- + --"), "");
        assert_eq!(
            clean_query("e-tjänst -pilot 🙂 \u{0}x"),
            "e-tjänst -pilot x"
        );
        assert_eq!(clean_query("title:matsvinn"), "title matsvinn");
        assert_eq!(
            clean_query(&"å".repeat(2000)).chars().count(),
            MAX_QUERY_CHARS
        );
    }
}
