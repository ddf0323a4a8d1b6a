//! The JSON shapes of the API, with their OpenAPI schemas.

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::index::StoredExample;
use crate::model::{Area, FocusArea, Maturity, Status, Vocabulary};
use crate::search::{FacetCount, Facets, Hit, SearchResults};

/// The query string of `GET /api/search`. It documents the parameters; they are parsed by
/// `SearchRequest::from_pairs`, which accepts repeated keys.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Never constructed: it only describes the query string for OpenAPI.
pub struct SearchParams {
    /// Free text in Swedish. Every word must match (if none then matches, any may);
    /// `"quoted words"` match as a phrase; `-word` excludes. Empty lists every published
    /// example. Never an error: odd characters are ignored and text past 256 characters is cut.
    q: Option<String>,
    /// Only examples with any of these focus areas. Repeat the parameter for more.
    focus_area: Option<Vec<FocusArea>>,
    /// Only examples in any of these areas. Repeat the parameter for more.
    area: Option<Vec<Area>>,
    /// Only examples with any of these maturities. Repeat the parameter for more.
    maturity: Option<Vec<Maturity>>,
    /// Only examples from any of these organisations (exact names). Repeat for more.
    organisation: Option<Vec<String>>,
    /// Only examples from any of these years. Repeat for more.
    #[param(minimum = 2000, maximum = 2100)]
    year: Option<Vec<u16>>,
    /// Only examples shown at the Goda exempelmässa of any of these years. Repeat for more.
    #[param(minimum = 2000, maximum = 2100)]
    massa: Option<Vec<u16>>,
    /// `relevance` (default; newest first when `q` is empty) or `newest`.
    #[param(pattern = "^(relevance|newest)$")]
    sort: Option<String>,
    /// The 1-based page; `page * per_page` may not exceed 10000.
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u32>,
    /// Hits per page, default 20.
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u32>,
}

/// The query string of `GET /api/examples/{id}/similar`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Never constructed: it only describes the query string for OpenAPI.
pub struct SimilarParams {
    /// How many similar examples, default 5.
    #[param(minimum = 1, maximum = 20)]
    limit: Option<u32>,
}

/// One hit of a search or of similar examples.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitDto {
    /// The example's id; its page is `/exempel/{id}`.
    #[schema(example = "digital-inskolning-forskolan-tradkojan-hagersten")]
    pub id: String,
    pub title: String,
    pub summary: String,
    pub unit: String,
    pub organisation: String,
    pub area: Area,
    pub focus_areas: Vec<FocusArea>,
    pub maturity: Maturity,
    pub year: i16,
    /// Relevance score; higher is better. 0 when listed without a query.
    pub score: f32,
    /// A fragment of the text where the query matched, as HTML: text escaped, matches
    /// wrapped in `<mark>`; the start of the summary when there is no query.
    pub snippet: String,
    /// Units whose report of having adopted the example the organisers approved.
    pub adoptions: u32,
    /// The awards the example got, best first.
    pub awards: Vec<crate::model::AwardBadge>,
}

impl From<&Hit> for HitDto {
    fn from(h: &Hit) -> Self {
        let e = &h.example;
        HitDto {
            id: e.id.to_string(),
            title: e.title.clone(),
            summary: e.summary.clone(),
            unit: e.unit.clone(),
            organisation: e.organisation.clone(),
            area: e.area,
            focus_areas: e.focus_areas.clone(),
            maturity: e.maturity,
            year: e.year,
            score: h.score,
            snippet: h.snippet.to_html(),
            adoptions: h.adoptions,
            awards: h.awards.clone(),
        }
    }
}

/// One value of a facet with its count.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetValue {
    /// The value to filter on (slug, organisation name or year).
    pub value: String,
    /// The Swedish label to show.
    pub label: String,
    /// Hits with this value, with every other filter applied.
    pub count: u64,
    /// Whether the request filters on this value.
    pub selected: bool,
}

/// Facet counts; every facet's values are counted with every filter except its own.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsDto {
    pub focus_area: Vec<FacetValue>,
    pub area: Vec<FacetValue>,
    pub maturity: Vec<FacetValue>,
    pub organisation: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
    /// Awards (`award=` slug), with their names as labels.
    pub award: Vec<FacetValue>,
    /// Hits adopted by at least one other unit (`spread=1`).
    pub spread: FacetValue,
    /// Hits confirmed current in the last two years (`current=1`).
    pub current: FacetValue,
}

fn vocab<V: Vocabulary>(counts: &[FacetCount<V>]) -> Vec<FacetValue> {
    counts
        .iter()
        .map(|c| FacetValue {
            value: c.value.slug().into(),
            label: c.value.label().into(),
            count: c.count,
            selected: c.selected,
        })
        .collect()
}

impl From<&Facets> for FacetsDto {
    fn from(f: &Facets) -> Self {
        FacetsDto {
            focus_area: vocab(&f.focus_area),
            area: vocab(&f.area),
            maturity: vocab(&f.maturity),
            organisation: f
                .organisation
                .iter()
                .map(|c| FacetValue {
                    value: c.value.clone(),
                    label: c.value.clone(),
                    count: c.count,
                    selected: c.selected,
                })
                .collect(),
            award: f
                .award
                .iter()
                .map(|c| FacetValue {
                    value: c.value.0.clone(),
                    label: c.value.1.clone(),
                    count: c.count,
                    selected: c.selected,
                })
                .collect(),
            spread: FacetValue {
                value: "1".into(),
                label: "Har spridits".into(),
                count: f.spread.count,
                selected: f.spread.selected,
            },
            current: FacetValue {
                value: "1".into(),
                label: crate::views::confirmed_within(f.current_months),
                count: f.current.count,
                selected: f.current.selected,
            },
            year: f
                .year
                .iter()
                .map(|c| FacetValue {
                    value: c.value.to_string(),
                    label: c.value.to_string(),
                    count: c.count,
                    selected: c.selected,
                })
                .collect(),
        }
    }
}

/// A page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    /// Published examples matching the query and every filter.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<HitDto>,
    pub facets: FacetsDto,
    /// "Menade du": the query with unknown words replaced by the nearest words of the index;
    /// null when every word is known or nothing near was found.
    #[schema(example = "inskolning")]
    pub suggestion: Option<String>,
}

impl From<&SearchResults> for SearchResponse {
    fn from(r: &SearchResults) -> Self {
        SearchResponse {
            total: r.total,
            page: r.request.page,
            per_page: r.request.per_page,
            hits: r.hits.iter().map(HitDto::from).collect(),
            facets: (&r.facets).into(),
            suggestion: r.suggestion.clone(),
        }
    }
}

/// Similar examples.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarResponse {
    /// Most similar first; never the example itself.
    pub hits: Vec<HitDto>,
}

/// A whole published example.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExampleDto {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub unit: String,
    pub organisation: String,
    pub area: Area,
    pub focus_areas: Vec<FocusArea>,
    pub maturity: Maturity,
    pub year: i16,
    pub tags: Vec<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    /// Always `published`: nothing else is public.
    pub status: Status,
    #[schema(value_type = String, format = Date, example = "2024-05-14")]
    pub created: jiff::civil::Date,
    #[schema(value_type = String, format = Date, example = "2025-02-03")]
    pub updated: jiff::civil::Date,
    /// The body as written, in Markdown.
    pub body_markdown: String,
    /// The body rendered to sanitised HTML.
    pub body_html: String,
}

impl From<StoredExample> for ExampleDto {
    fn from(s: StoredExample) -> Self {
        let e = s.example;
        ExampleDto {
            id: e.id.to_string(),
            title: e.title,
            summary: e.summary,
            unit: e.unit,
            organisation: e.organisation,
            area: e.area,
            focus_areas: e.focus_areas,
            maturity: e.maturity,
            year: e.year,
            tags: e.tags,
            contact_name: e.contact_name,
            contact_email: e.contact_email,
            status: e.status,
            created: e.created,
            updated: e.updated,
            body_markdown: e.body,
            body_html: s.body_html,
        }
    }
}

/// The query string of `GET /api/suggest`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Never constructed: it only describes the query string for OpenAPI.
pub struct SuggestParams {
    /// What has been typed so far; the last word is completed.
    q: Option<String>,
}

/// One completion.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompletionDto {
    /// `title` (an example's title; go to `/exempel/{id}`) or `term` (words to search for).
    #[schema(pattern = "^(title|term)$")]
    pub kind: &'static str,
    /// The text to show and, for `term`, to search for.
    pub text: String,
    /// The example's id, for `title`.
    pub id: Option<String>,
}

/// Completions for a search box.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestResponse {
    /// At most 8: titles first, then terms.
    pub completions: Vec<CompletionDto>,
}

impl From<&crate::search::Completion> for CompletionDto {
    fn from(c: &crate::search::Completion) -> Self {
        let kind = match c.kind {
            crate::search::CompletionKind::Title => "title",
            crate::search::CompletionKind::Term => "term",
        };
        CompletionDto {
            kind,
            text: c.text.clone(),
            id: c.id.clone(),
        }
    }
}

/// A draft of a new example, for `POST /api/similar`. Every field may be empty or left out.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftDto {
    /// The title typed so far.
    #[serde(default)]
    pub title: String,
    /// The summary typed so far.
    #[serde(default)]
    pub summary: String,
    /// The Markdown body typed so far.
    #[serde(default)]
    pub body: String,
}

/// A new example, for `POST /api/examples`: the unit's fields (the id, status and dates are
/// set by the service and may not be sent).
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Never constructed: it only describes the request body for OpenAPI.
// utoipa takes only literals here; a test checks them against the validator's limits.
pub struct SubmissionDto {
    #[schema(max_length = 120)]
    title: String,
    #[schema(max_length = 400)]
    summary: String,
    #[schema(max_length = 160)]
    unit: String,
    #[schema(max_length = 160)]
    organisation: String,
    area: Area,
    /// One to three.
    focus_areas: Vec<FocusArea>,
    maturity: Maturity,
    /// From 2000 to next year.
    #[schema(minimum = 2000)]
    year: i16,
    /// Lowercase keywords, each at most `MAX_TAG_CHARS` characters.
    #[schema(max_items = 10)]
    tags: Option<Vec<String>>,
    #[schema(max_length = 160)]
    contact_name: Option<String>,
    /// A valid e-mail address.
    contact_email: Option<String>,
    /// The description in Markdown, at most `MAX_BODY_BYTES` bytes.
    body: String,
}

/// A stored submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmittedDto {
    /// The id the example got (from its title).
    pub id: String,
    /// Always `submitted`.
    pub status: Status,
    /// The unit's private page for the submission (keep it; only its hash is stored).
    pub edit_url: String,
}

/// One field that could not be used.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorDto {
    /// The field's name, e.g. `focus_areas`.
    pub field: String,
    /// What was wrong and what is allowed.
    pub message: String,
}

/// Every field that could not be used.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationErrors {
    pub errors: Vec<FieldErrorDto>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{MAX_NAME_CHARS, MIN_YEAR};
    use crate::model::{MAX_SUMMARY_CHARS, MAX_TAGS, MAX_TITLE_CHARS};

    #[test]
    fn the_documented_limits_of_a_submission_are_the_validators() {
        let schema =
            serde_json::to_value(<SubmissionDto as utoipa::PartialSchema>::schema()).unwrap();
        let property = |name: &str, key: &str| schema["properties"][name][key].as_u64();
        let name = Some(MAX_NAME_CHARS as u64);
        assert_eq!(property("title", "maxLength"), Some(MAX_TITLE_CHARS as u64));
        assert_eq!(
            property("summary", "maxLength"),
            Some(MAX_SUMMARY_CHARS as u64)
        );
        assert_eq!(property("unit", "maxLength"), name);
        assert_eq!(property("organisation", "maxLength"), name);
        assert_eq!(property("contact_name", "maxLength"), name);
        assert_eq!(property("year", "minimum"), Some(MIN_YEAR as u64));
        assert_eq!(property("tags", "maxItems"), Some(MAX_TAGS as u64));
    }
}
