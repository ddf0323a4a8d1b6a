//! The plain baseline: the same fields, weights and query logic as the first version of the
//! search, but analysed with lowercasing and Snowball stemming only (no stop words, no
//! corrections, no compound parts, no folding, no typo tolerance). Built in memory.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, OwnedValue, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
    Value as _,
};
use tantivy::{Index, IndexReader, TantivyDocument, Term};

use super::{Draft, EvalError, JudgedQuery, K, Ranked, Ranker};
use crate::corpus::plain_text;
use crate::index::{IndexError, PLAIN, plain_analyzer};
use crate::model::Example;
use crate::search::clean_query;

/// Hits fetched before filters are applied to them.
const BEFORE_FILTERS: usize = 500;

/// The baseline system over a set of examples.
pub struct Baseline {
    index: Index,
    reader: IndexReader,
    id: Field,
    text: [(Field, f32); 4],
    examples: HashMap<String, Example>,
}

fn tantivy_err(e: tantivy::TantivyError) -> EvalError {
    EvalError::Index(IndexError::Tantivy(e))
}

impl Baseline {
    /// Indexes the published `examples` in memory.
    pub fn build(examples: &[Example]) -> Result<Self, EvalError> {
        let mut b = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(PLAIN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let text = TextOptions::default()
            .set_indexing_options(indexing)
            .set_stored();
        let id = b.add_text_field("id", STRING | STORED);
        let title = b.add_text_field("title", text.clone());
        let tags = b.add_text_field("tags", text.clone());
        let summary = b.add_text_field("summary", text.clone());
        let body = b.add_text_field("body", text);
        let index = Index::create_in_ram(b.build());
        index.tokenizers().register(PLAIN, plain_analyzer());
        let mut writer = index
            .writer_with_num_threads(1, 50_000_000)
            .map_err(tantivy_err)?;
        for e in examples.iter().filter(|e| e.is_public()) {
            let mut doc = TantivyDocument::default();
            doc.add_text(id, e.id.as_str());
            doc.add_text(title, &e.title);
            doc.add_text(tags, e.tags.join(" "));
            doc.add_text(summary, &e.summary);
            doc.add_text(body, plain_text(&e.body));
            writer.add_document(doc).map_err(tantivy_err)?;
        }
        writer.commit().map_err(tantivy_err)?;
        let reader = index.reader().map_err(tantivy_err)?;
        let examples = examples
            .iter()
            .map(|e| (e.id.to_string(), e.clone()))
            .collect();
        Ok(Self {
            index,
            reader,
            id,
            text: [(title, 4.0), (tags, 2.5), (summary, 2.0), (body, 1.0)],
            examples,
        })
    }

    fn parser(&self, conjunction: bool) -> QueryParser {
        let mut parser =
            QueryParser::for_index(&self.index, self.text.iter().map(|(f, _)| *f).collect());
        for (field, boost) in self.text {
            parser.set_field_boost(field, boost);
        }
        if conjunction {
            parser.set_conjunction_by_default();
        }
        parser
    }

    fn passes(&self, id: &str, q: &JudgedQuery) -> bool {
        let Some(e) = self.examples.get(id) else {
            return false;
        };
        q.filters.iter().all(|(key, values)| match key.as_str() {
            "area" => values.iter().any(|v| v == e.area.slug()),
            "focus_area" => values
                .iter()
                .any(|v| e.focus_areas.iter().any(|f| f.slug() == v)),
            "maturity" => values.iter().any(|v| v == e.maturity.slug()),
            "year" => values.iter().any(|v| *v == e.year.to_string()),
            "organisation" => values.contains(&e.organisation),
            _ => true,
        })
    }

    fn ids(&self, top: Vec<(f32, tantivy::DocAddress)>) -> Result<Vec<String>, EvalError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(tantivy_err)?;
            if let Some(id) = doc.get_first(self.id).and_then(|v| v.as_str()) {
                out.push(id.to_owned());
            }
        }
        Ok(out)
    }

    fn more_like(
        &self,
        fields: Vec<(Field, Vec<OwnedValue>)>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<Vec<String>, EvalError> {
        let searcher = self.reader.searcher();
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_max_doc_frequency((searcher.num_docs() / 2).max(2))
            .with_min_term_frequency(1)
            .with_max_query_terms(40)
            .with_min_word_length(3)
            .with_document_fields(fields);
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> =
            vec![(Occur::Must, Box::new(mlt))];
        if let Some(id) = exclude {
            let term = TermQuery::new(Term::from_field_text(self.id, id), IndexRecordOption::Basic);
            clauses.push((Occur::MustNot, Box::new(term)));
        }
        let top = searcher
            .search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(limit).order_by_score(),
            )
            .map_err(tantivy_err)?;
        self.ids(top)
    }
}

impl Ranker for Baseline {
    fn rank(&self, q: &JudgedQuery) -> Result<Vec<Ranked>, EvalError> {
        let searcher = self.reader.searcher();
        let text = clean_query(&q.q);
        let mut fallback = false;
        let ranked = if text.is_empty() {
            let top = searcher
                .search(
                    &tantivy::query::AllQuery,
                    &TopDocs::with_limit(BEFORE_FILTERS).order_by_score(),
                )
                .map_err(tantivy_err)?;
            self.ids(top)?
        } else {
            let mut ranked = Vec::new();
            for conjunction in [true, false] {
                let (query, _) = self.parser(conjunction).parse_query_lenient(&text);
                let top = searcher
                    .search(
                        &*query,
                        &TopDocs::with_limit(BEFORE_FILTERS).order_by_score(),
                    )
                    .map_err(tantivy_err)?;
                ranked = self.ids(top)?;
                if !ranked.is_empty() {
                    break;
                }
                fallback = true;
            }
            ranked
        };
        Ok(ranked
            .into_iter()
            .filter(|id| self.passes(id, q))
            .take(K)
            .map(|id| Ranked { id, fallback })
            .collect())
    }

    fn similar(&self, id: &str, limit: usize) -> Result<Vec<String>, EvalError> {
        let searcher = self.reader.searcher();
        let term = TermQuery::new(Term::from_field_text(self.id, id), IndexRecordOption::Basic);
        let top = searcher
            .search(&term, &TopDocs::with_limit(1).order_by_score())
            .map_err(tantivy_err)?;
        let Some((_, address)) = top.first() else {
            return Ok(Vec::new());
        };
        let doc: TantivyDocument = searcher.doc(*address).map_err(tantivy_err)?;
        let fields = self
            .text
            .iter()
            .map(|(f, _)| {
                (
                    *f,
                    doc.get_all(*f)
                        .filter_map(|v| v.as_str())
                        .map(|s| OwnedValue::Str(s.to_owned()))
                        .collect(),
                )
            })
            .collect();
        self.more_like(fields, Some(id), limit)
    }

    fn similar_to_draft(&self, draft: &Draft, limit: usize) -> Result<Vec<String>, EvalError> {
        let [(title, _), _, (summary, _), (body, _)] = self.text;
        let fields = vec![
            (title, vec![OwnedValue::Str(draft.title.clone())]),
            (summary, vec![OwnedValue::Str(draft.summary.clone())]),
            (body, vec![OwnedValue::Str(plain_text(&draft.body))]),
        ];
        self.more_like(fields, None, limit)
    }
}
