//! Similar examples: for an example page, for a unit writing a new example (a draft that may
//! be only a title), and for the fair builder's groups.
//!
//! Two lists are fused ([`hybrid::fuse`]): more-like-this over the Swedish analysis (the
//! lemmas of title, summary, tags and body, and the parts of their compounds, each weighted
//! by how telling it is), and, when search by meaning is ready, the nearest examples by
//! meaning. A draft is weighed as typed: its title counts most, so that a title alone already
//! finds the examples about the same thing.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value as _};
use tantivy::{Searcher, TantivyDocument, Term};

use super::{Hit, Matched, Mode, Result, SearchService, hybrid};
use crate::index::{SWEDISH, SWEDISH_PARTS, read_meta, terms_of};
use crate::model::ExampleId;

/// How many of a text's most telling terms a more-like-this query uses.
const TERMS: usize = 40;
/// How many examples each list brings to the fusion.
const LIST: usize = 20;
/// The least similarity by meaning for a similar example.
const FLOOR: f32 = 0.78;
/// What the list by meaning weighs in the fusion against more-like-this: an example's vector
/// (its title, summary and tags) says what it is about, its words also how it is told.
const DENSE_WEIGHT: f32 = 2.0;

/// A draft of a new example, as typed so far.
pub struct Draft<'a> {
    /// The title (may be empty).
    pub title: &'a str,
    /// The summary (may be empty).
    pub summary: &'a str,
    /// The Markdown body (may be empty).
    pub body: &'a str,
}

/// A text to take terms from, and how much its terms count.
struct Source<'a> {
    text: &'a str,
    weight: f32,
}

fn field_boosts(service: &SearchService) -> [(Field, f32); 4] {
    let f = service.index().fields();
    [
        (f.title, 2.0),
        (f.tags, 1.5),
        (f.summary, 1.5),
        (f.body, 1.0),
    ]
}

/// The weighted more-like-this query of `sources`: lemma and compound-part terms scored by
/// frequency × idf, the best [`TERMS`] of them, each searched in every text field. Terms in
/// fewer than `min_df` examples or in more than half of them are left out (`min_df` is 2
/// for an example, whose own terms are in it already, and 1 for a draft). Ties are ordered
/// by the term's text, so the query is the same from run to run.
fn more_like_this(
    service: &SearchService,
    searcher: &Searcher,
    sources: &[Source<'_>],
    min_df: u64,
) -> Option<Box<dyn Query>> {
    let tokenizers = searcher.index().tokenizers();
    let f = service.index().fields();
    let (mut lemmas, mut parts) = (tokenizers.get(SWEDISH)?, tokenizers.get(SWEDISH_PARTS)?);
    let mut weights: HashMap<(bool, String), f32> = HashMap::new();
    for source in sources {
        for term in terms_of(&mut lemmas, source.text) {
            *weights.entry((false, term)).or_default() += source.weight;
        }
        for term in terms_of(&mut parts, source.text) {
            *weights.entry((true, term)).or_default() += source.weight * 0.5;
        }
    }
    let num_docs = searcher.num_docs();
    let max_df = (num_docs / 2).max(2);
    let boosts = field_boosts(service);
    let df_of = |is_part: bool, term: &str| -> u64 {
        let fields: Vec<Field> = if is_part {
            vec![f.parts]
        } else {
            boosts.iter().map(|(field, _)| *field).collect()
        };
        fields
            .into_iter()
            .map(|field| {
                searcher
                    .doc_freq(&Term::from_field_text(field, term))
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    };
    let mut scored: Vec<(f32, (bool, String))> = weights
        .into_iter()
        .filter(|((_, term), _)| term.len() >= 3)
        .filter_map(|(key, tf)| {
            let df = df_of(key.0, &key.1);
            (df >= min_df && df <= max_df).then(|| {
                let idf = (1.0 + (num_docs as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
                (tf * idf, key)
            })
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(TERMS);
    let best = scored.first()?.0;
    let clauses: Vec<(Occur, Box<dyn Query>)> = scored
        .into_iter()
        .map(|(w, (is_part, term))| {
            let targets: Vec<(Field, f32)> = if is_part {
                vec![(f.parts, 1.0)]
            } else {
                boosts.to_vec()
            };
            let per_field: Vec<(Occur, Box<dyn Query>)> = targets
                .into_iter()
                .map(|(field, boost)| {
                    let q: Box<dyn Query> = Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, &term),
                            IndexRecordOption::WithFreqs,
                        )),
                        boost,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            let q: Box<dyn Query> = Box::new(BoostQuery::new(
                Box::new(BooleanQuery::new(per_field)),
                w / best,
            ));
            (Occur::Should, q)
        })
        .collect();
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The lexical list: the best matches of `query`, never `exclude`.
fn lexical_list(
    service: &SearchService,
    searcher: &Searcher,
    query: Box<dyn Query>,
    exclude: Option<&ExampleId>,
    limit: usize,
) -> Result<Vec<(ExampleId, f32)>> {
    let f = service.index().fields();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    if let Some(id) = exclude {
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_text(f.id, id.as_str()),
                IndexRecordOption::Basic,
            )),
        ));
    }
    let top = searcher.search(
        &BooleanQuery::new(clauses),
        &TopDocs::with_limit(limit).order_by_score(),
    )?;
    let ids = super::ids_of(searcher, top.iter().map(|(_, address)| *address))?;
    Ok(ids
        .into_iter()
        .zip(top)
        .map(|(id, (score, _))| (id, score))
        .collect())
}

/// Fuses the two lists (or takes the one `mode` asks for) and cuts to `limit`.
fn combine(
    lexical: Vec<(ExampleId, f32)>,
    dense: Vec<(ExampleId, f32)>,
    mode: Mode,
    limit: usize,
) -> Vec<(ExampleId, f32)> {
    let mut out = match mode {
        Mode::Lexical => lexical,
        Mode::Dense => dense,
        Mode::Auto if dense.is_empty() => lexical,
        Mode::Auto => {
            let l: Vec<ExampleId> = lexical.into_iter().map(|(id, _)| id).collect();
            let d: Vec<ExampleId> = dense.into_iter().map(|(id, _)| id).collect();
            hybrid::fuse(&l, &d, DENSE_WEIGHT, None, false)
                .into_iter()
                .map(|f| (f.id, f.score))
                .collect()
        }
    };
    out.truncate(limit);
    out
}

/// The nearest examples by meaning to `vector`, never `exclude`; empty when search by meaning
/// is not ready or not wanted.
fn dense_list(
    service: &SearchService,
    vector: Option<std::sync::Arc<crate::index::embedding::Quantized>>,
    exclude: Option<&ExampleId>,
) -> Vec<(ExampleId, f32)> {
    let Some(vector) = vector else {
        return Vec::new();
    };
    let Some(semantic) = service.index().semantic() else {
        return Vec::new();
    };
    semantic
        .nearest(&vector, LIST, FLOOR, &|id, _| Some(id) != exclude)
        .into_iter()
        .map(|h| (h.id, h.similarity))
        .collect()
}

fn wants_dense(service: &SearchService, mode: Mode) -> bool {
    mode != Mode::Lexical && service.index().semantic().is_some_and(|s| s.ready())
}

/// Examples like the published example `id`; `None` when there is no such example.
pub(super) fn to_example(
    service: &SearchService,
    searcher: &Searcher,
    id: &ExampleId,
    limit: usize,
    mode: Mode,
) -> Result<Option<Vec<Hit>>> {
    let Some(address) = service.address_of(searcher, id)? else {
        return Ok(None);
    };
    let f = service.index().fields();
    let doc: TantivyDocument = searcher.doc(address)?;
    let example = read_meta(f, &doc)?;
    let (title, summary, tags) = (example.title, example.summary, example.tags.join(" "));
    let body = doc
        .get_first(f.body)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let lexical = if mode == Mode::Dense {
        Vec::new()
    } else {
        // What the example is about is said in its title, summary and tags; the body tells
        // it at length, each word counting less.
        let sources = [
            Source {
                text: &title,
                weight: 3.0,
            },
            Source {
                text: &summary,
                weight: 2.0,
            },
            Source {
                text: &tags,
                weight: 2.0,
            },
            Source {
                text: body,
                weight: 1.0,
            },
        ];
        match more_like_this(service, searcher, &sources, 2) {
            Some(q) => lexical_list(service, searcher, q, Some(id), LIST)?,
            None => Vec::new(),
        }
    };
    let dense = if wants_dense(service, mode) {
        let vector = service.index().semantic().and_then(|s| s.vector_of(id));
        dense_list(service, vector, Some(id))
    } else {
        Vec::new()
    };
    let ranked = combine(lexical, dense, mode, limit);
    service
        .plain_hits(searcher, &ranked, Matched::NoQuery)
        .map(Some)
}

/// Examples like a draft; none for a blank one.
pub(super) fn to_draft(
    service: &SearchService,
    searcher: &Searcher,
    draft: &Draft<'_>,
    limit: usize,
    mode: Mode,
) -> Result<Vec<Hit>> {
    if [draft.title, draft.summary, draft.body]
        .iter()
        .all(|t| t.trim().is_empty())
    {
        return Ok(Vec::new());
    }
    let body = crate::corpus::plain_text(draft.body);
    let lexical = if mode == Mode::Dense {
        Vec::new()
    } else {
        // A title is what the draft is about; it counts most. A body counts per word, so a
        // long one does not drown the title.
        let sources = [
            Source {
                text: draft.title,
                weight: 3.0,
            },
            Source {
                text: draft.summary,
                weight: 1.5,
            },
            Source {
                text: &body,
                weight: 0.5,
            },
        ];
        match more_like_this(service, searcher, &sources, 1) {
            Some(q) => lexical_list(service, searcher, q, None, LIST)?,
            None => Vec::new(),
        }
    };
    let dense = if wants_dense(service, mode) {
        // Title and summary, as the published examples are embedded; the body of a draft is
        // mostly the form's pre-filled headings until late in the writing.
        let text = format!("{}. {}", draft.title.trim(), draft.summary.trim());
        let vector = service
            .index()
            .semantic()
            .and_then(|s| s.passage_vector(&text));
        dense_list(service, vector, None)
    } else {
        Vec::new()
    };
    let ranked = combine(lexical, dense, mode, limit);
    service.plain_hits(searcher, &ranked, Matched::NoQuery)
}
impl SearchService {
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
                return Ok(Some(self.with_spread(hits.clone())));
            }
        }
        let found = to_example(self, &searcher, id, limit, mode)?;
        if let Some(hits) = &found {
            let mut cache = self
                .similar
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cache.generation == generation {
                if cache.hits.len() >= super::SIMILAR_CACHE_ENTRIES {
                    cache.hits.clear();
                }
                cache.hits.insert(key, hits.clone());
            }
        }
        Ok(found.map(|hits| self.with_spread(hits)))
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
        let draft = Draft {
            title,
            summary,
            body: body_markdown,
        };
        to_draft(self, &self.index.searcher(), &draft, limit, mode).map(|h| self.with_spread(h))
    }
}
