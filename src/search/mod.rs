//! Searching the index: free-text queries with facet filters, highlighted snippets, single
//! examples by id, and similar examples ("more like this").
//!
//! A query is never an error: text is cleaned of characters the query language would
//! misread, cut to [`MAX_QUERY_CHARS`], and parsed leniently. Every word must match; when that
//! finds nothing, any word may.

mod collector;
mod query;
mod request;
mod snippet;
mod suggest;

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryClone, TermQuery, TermSetQuery,
};
use tantivy::schema::{IndexRecordOption, OwnedValue, Value as _};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::index::{ExampleIndex, IndexError, StoredExample, read_full, read_meta};
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

/// Searching one [`ExampleIndex`].
pub struct SearchService {
    index: ExampleIndex,
    facets: collector::FacetCache,
    similar: std::sync::Mutex<SimilarCache>,
}

/// Similar examples already found, valid while the index is unchanged: an example page asks
/// for them on every view, and more-like-this is the costliest part of that page.
#[derive(Debug, Default)]
struct SimilarCache {
    /// The searcher generation the entries were computed on.
    generation: u64,
    hits: std::collections::HashMap<(ExampleId, usize), Vec<Hit>>,
}

/// Entries kept before the cache starts over (each a handful of hits without bodies).
const SIMILAR_CACHE_ENTRIES: usize = 50_000;

impl SearchService {
    /// Wraps an open index.
    pub fn new(index: ExampleIndex) -> Self {
        Self {
            index,
            facets: collector::FacetCache::default(),
            similar: std::sync::Mutex::default(),
        }
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
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.index.searcher();
        let text = clean_query(&request.q);
        let collector = FacetedTopCollector {
            filters: self.filter_spec(&request.filters),
            sort: if text.is_empty() {
                Sort::Newest
            } else {
                request.sort
            },
            limit: (request.page * request.per_page) as usize,
            cache: &self.facets,
        };
        self.facets.retain(&searcher);
        let mut suggestion = None;
        // A restriction to given examples joins every plan without changing its scores.
        let restrict = request.filters.ids.as_ref().map(|ids| {
            let terms = ids
                .iter()
                .map(|id| Term::from_field_text(self.index.fields().id, id.as_str()));
            ConstScoreQuery::new(Box::new(TermSetQuery::new(terms)), 0.0)
        });
        let within = |q: Box<dyn Query>| -> Box<dyn Query> {
            match &restrict {
                Some(r) => Box::new(BooleanQuery::new(vec![
                    (Occur::Must, q),
                    (Occur::Must, r.box_clone()),
                ])),
                None => q,
            }
        };
        let (query, collected) = if text.is_empty() {
            let query: Box<dyn Query> = within(Box::new(AllQuery));
            let collected = searcher.search(&*query, &collector)?;
            (query, collected)
        } else {
            let plan = Planner::new(&searcher, self.index.fields()).plan(&text);
            suggestion =
                suggest::correction(&searcher, self.index.fields(), &request.q, &plan.unknown)?;
            // Each plan is tried only when the one before found fewer than FEW hits; the last
            // one tried answers.
            let mut plans = [Some(plan.exact), plan.extended, plan.any]
                .into_iter()
                .flatten()
                .map(within);
            let mut query = plans.next().expect("there is always an exact plan");
            let mut collected = searcher.search(&*query, &collector)?;
            for wider in plans {
                if collected.total >= FEW {
                    break;
                }
                collected = searcher.search(&*wider, &collector)?;
                query = wider;
            }
            (query, collected)
        };
        let hits = self.hits(&searcher, &*query, !text.is_empty(), &collected, request)?;
        Ok(SearchResults {
            request: request.clone(),
            total: collected.total,
            hits,
            facets: facets(&collected, &request.filters),
            suggestion,
        })
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
        highlight: bool,
        collected: &Collected,
        request: &SearchRequest,
    ) -> Result<Vec<Hit>> {
        let f = self.index.fields();
        let skip = ((request.page - 1) * request.per_page) as usize;
        let generators = if highlight {
            let mut body = SnippetGenerator::create(searcher, query, f.body)?;
            body.set_max_num_chars(SNIPPET_CHARS);
            let mut summary = SnippetGenerator::create(searcher, query, f.summary)?;
            summary.set_max_num_chars(SNIPPET_CHARS);
            let mut terms = Vec::new();
            query.query_terms(&mut |term, _| {
                if term.field() == f.body
                    && let Some(text) = term.value().as_str()
                {
                    terms.push(text.to_owned());
                }
            });
            Some((body, summary, terms))
        } else {
            None
        };
        let mut hits = Vec::new();
        for entry in collected.top.iter().skip(skip) {
            let doc: TantivyDocument = searcher.doc(entry.doc)?;
            let example = read_meta(f, &doc)?;
            let snippet = match &generators {
                Some((body, summary, terms)) => {
                    best_snippet(&doc, f, (body, terms), summary, &example.summary)
                }
                None => Snippet::plain(&example.summary, SNIPPET_CHARS),
            };
            hits.push(Hit {
                example,
                score: entry.score,
                snippet,
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
    /// when there is no such published example.
    pub fn similar(&self, id: &ExampleId, limit: usize) -> Result<Option<Vec<Hit>>> {
        let searcher = self.index.searcher();
        let generation = searcher.generation().generation_id();
        let key = (id.clone(), limit);
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
        let found = self.similar_uncached(&searcher, id, limit)?;
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

    fn similar_uncached(
        &self,
        searcher: &tantivy::Searcher,
        id: &ExampleId,
        limit: usize,
    ) -> Result<Option<Vec<Hit>>> {
        let searcher = searcher.clone();
        let Some(address) = self.address_of(&searcher, id)? else {
            return Ok(None);
        };
        let f = self.index.fields();
        let doc: TantivyDocument = searcher.doc(address)?;
        let values = |field| -> Vec<OwnedValue> {
            doc.get_all(field)
                .filter_map(|v| v.as_str())
                .map(|s| OwnedValue::Str(s.to_owned()))
                .collect()
        };
        let fields = vec![
            (f.title, values(f.title)),
            (f.summary, values(f.summary)),
            (f.tags, values(f.tags)),
            (f.body, values(f.body)),
        ];
        self.more_like(&searcher, fields, Some(id), limit).map(Some)
    }

    /// Up to `limit` published examples most like a draft that is not (yet) published: its
    /// title, summary and Markdown body. A blank draft has no similar examples.
    pub fn similar_to_draft(
        &self,
        title: &str,
        summary: &str,
        body_markdown: &str,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        if [title, summary, body_markdown]
            .iter()
            .all(|t| t.trim().is_empty())
        {
            return Ok(Vec::new());
        }
        let f = self.index.fields();
        let text = |s: &str| vec![OwnedValue::Str(s.to_owned())];
        let fields = vec![
            (f.title, text(title)),
            (f.summary, text(summary)),
            (f.body, text(&crate::corpus::plain_text(body_markdown))),
        ];
        self.more_like(&self.index.searcher(), fields, None, limit)
    }

    /// More-like-this over the exact-word fields only: compound parts, folded spellings and
    /// near spellings never decide what is similar.
    fn more_like(
        &self,
        searcher: &tantivy::Searcher,
        fields: Vec<(tantivy::schema::Field, Vec<OwnedValue>)>,
        exclude: Option<&ExampleId>,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let f = self.index.fields();
        let mlt = more_like_this(searcher, &fields)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(mlt))];
        if let Some(id) = exclude {
            let not_self = TermQuery::new(
                Term::from_field_text(f.id, id.as_str()),
                IndexRecordOption::Basic,
            );
            clauses.push((Occur::MustNot, Box::new(not_self)));
        }
        let query = BooleanQuery::new(clauses);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let example = read_meta(f, &searcher.doc(address)?)?;
            let snippet = Snippet::plain(&example.summary, SNIPPET_CHARS);
            hits.push(Hit {
                example,
                score,
                snippet,
            });
        }
        Ok(hits)
    }
}

/// How many of an example's most telling terms a similar-examples query uses.
const SIMILAR_TERMS: usize = 40;

/// A more-like-this query: the example's terms (at least 3 bytes long, in at least 2 and at
/// most half of the examples) weighted by frequency × idf, the best [`SIMILAR_TERMS`] of them,
/// each boosted by its weight relative to the best. The same as tantivy's
/// `MoreLikeThisQuery`, except that terms of equal weight are ordered by their text: tantivy
/// keeps them in hash-map order, so which terms made the cut changed from run to run.
fn more_like_this(
    searcher: &tantivy::Searcher,
    fields: &[(tantivy::schema::Field, Vec<OwnedValue>)],
) -> Result<BooleanQuery> {
    let num_docs = searcher.num_docs();
    let max_df = (num_docs / 2).max(2);
    let schema = searcher.schema();
    let tokenizers = searcher.index().tokenizers();
    let mut frequencies: std::collections::HashMap<Term, usize> = std::collections::HashMap::new();
    for (field, values) in fields {
        let Some(mut tokenizer) = (match schema.get_field_entry(*field).field_type() {
            tantivy::schema::FieldType::Str(options) => options
                .get_indexing_options()
                .and_then(|o| tokenizers.get(o.tokenizer())),
            _ => None,
        }) else {
            continue;
        };
        for value in values {
            let Some(text) = value.as_str() else { continue };
            let mut stream = tokenizer.token_stream(text);
            while let Some(token) = stream.next() {
                if token.text.len() >= 3 {
                    *frequencies
                        .entry(Term::from_field_text(*field, &token.text))
                        .or_default() += 1;
                }
            }
        }
    }
    let mut weighted: Vec<(f32, Term)> = Vec::with_capacity(frequencies.len());
    for (term, tf) in frequencies {
        let df = searcher.doc_freq(&term)?;
        if df < 2 || df > max_df {
            continue;
        }
        let idf = (1.0 + (num_docs as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
        weighted.push((tf as f32 * idf, term));
    }
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    weighted.truncate(SIMILAR_TERMS);
    let best = weighted.first().map_or(1.0, |(w, _)| *w);
    let clauses: Vec<(Occur, Box<dyn Query>)> = weighted
        .into_iter()
        .map(|(w, term)| {
            let query: Box<dyn Query> = Box::new(tantivy::query::BoostQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                w / best,
            ));
            (Occur::Should, query)
        })
        .collect();
    Ok(BooleanQuery::new(clauses))
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
