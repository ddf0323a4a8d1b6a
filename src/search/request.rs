//! A search request, parsed from query-string pairs into typed filters.

use crate::model::{Area, ExampleId, FocusArea, Maturity, Vocabulary};

/// The most hits one page may have.
pub const MAX_PER_PAGE: u32 = 100;
/// Hits per page when none is asked for.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// How deep paging may go: `page * per_page` may not exceed this.
pub const MAX_DEPTH: u32 = 10_000;
/// Queries are cut to this many characters; longer ones are still searched, never refused.
pub const MAX_QUERY_CHARS: usize = 256;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Best match first (the newest first when there is no query).
    #[default]
    Relevance,
    /// Newest `created` first.
    Newest,
    /// Adopted by the most units first ("mest spridda").
    Spread,
}

impl Sort {
    /// The value used in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Spread => "spread",
        }
    }
}

/// The facet filters of a search. Values within one filter are alternatives ("any of");
/// different filters must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// Any of these focus areas.
    pub focus_areas: Vec<FocusArea>,
    /// Any of these areas.
    pub areas: Vec<Area>,
    /// Any of these maturities.
    pub maturities: Vec<Maturity>,
    /// Any of these organisations (exact names).
    pub organisations: Vec<String>,
    /// Any of these years.
    pub years: Vec<i16>,
    /// Shown at the Goda exempelmässa of any of these years (URL parameter `massa`).
    pub fairs: Vec<i16>,
    /// Only these examples. Set by the caller from `fairs` (the search does not know the
    /// editions); `None`: no restriction.
    pub ids: Option<Vec<ExampleId>>,
    /// Any of these awards, by slug (URL parameter `award`).
    pub awards: Vec<String>,
    /// Only examples adopted by at least one other unit (`spread=1`, "har spridits").
    pub spread: bool,
    /// Only examples confirmed current in the last two years (`current=1`).
    pub current: bool,
}

impl Filters {
    /// The same filters with each one's values in one order, without repeats: two requests
    /// that differ only in the order of their values find the same.
    pub fn normalised(&self) -> Filters {
        fn sorted<T: Ord + Clone>(v: &[T]) -> Vec<T> {
            let mut v = v.to_vec();
            v.sort();
            v.dedup();
            v
        }
        Filters {
            focus_areas: sorted(&self.focus_areas),
            areas: sorted(&self.areas),
            maturities: sorted(&self.maturities),
            organisations: sorted(&self.organisations),
            years: sorted(&self.years),
            fairs: sorted(&self.fairs),
            ids: self.ids.as_deref().map(sorted),
            awards: sorted(&self.awards),
            spread: self.spread,
            current: self.current,
        }
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.focus_areas.is_empty()
            && self.areas.is_empty()
            && self.maturities.is_empty()
            && self.organisations.is_empty()
            && self.years.is_empty()
            && self.fairs.is_empty()
            && self.ids.is_none()
            && self.awards.is_empty()
            && !self.spread
            && !self.current
    }
}

/// A search: free text, filters, order and page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchRequest {
    /// The text as typed (may be empty: then every published example matches).
    pub q: String,
    /// The facet filters.
    pub filters: Filters,
    /// The order of hits.
    pub sort: Sort,
    /// The 1-based page.
    pub page: u32,
    /// Hits per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: u32,
}

impl Default for SearchRequest {
    fn default() -> Self {
        Self {
            q: String::new(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// A query parameter that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parametern `{param}`: {message}")]
pub struct ParamError {
    /// The parameter's name.
    pub param: String,
    /// What was wrong and what is allowed.
    pub message: String,
}

fn param_error(param: &str, message: String) -> ParamError {
    ParamError {
        param: param.to_owned(),
        message,
    }
}

/// The member of a vocabulary named by the value of query parameter `param`.
///
/// On `Err` names the parameter, the value, and the values allowed.
pub fn vocabulary_param<V: Vocabulary>(param: &str, value: &str) -> Result<V, ParamError> {
    V::parse(value).ok_or_else(|| {
        param_error(
            param,
            format!("okänt värde \"{value}\"; tillåtet: {}", V::allowed()),
        )
    })
}

fn number(param: &str, value: &str, min: u32, max: u32) -> Result<u32, ParamError> {
    let n: u32 = value.trim().parse().map_err(|_| {
        param_error(
            param,
            format!("\"{value}\" är inget heltal; tillåtet: {min}–{max}"),
        )
    })?;
    if !(min..=max).contains(&n) {
        return Err(param_error(
            param,
            format!("{n} går inte att använda; tillåtet: {min}–{max}"),
        ));
    }
    Ok(n)
}

/// A yes/no parameter: `1` (or `0`, as unset).
fn flag(param: &str, value: &str) -> Result<bool, ParamError> {
    match value {
        "1" => Ok(true),
        "0" => Ok(false),
        other => Err(param_error(
            param,
            format!("okänt värde \"{other}\"; tillåtet: `1` (eller `0`)"),
        )),
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl SearchRequest {
    /// Parses a URL-encoded query string (`q=matsvinn&area=skola`), as [`Self::from_pairs`].
    ///
    /// On `Err` names the first parameter that cannot be used.
    pub fn from_query(query: &str) -> Result<Self, ParamError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Parses query-string pairs. Repeated filter parameters add alternatives; unknown
    /// parameters are ignored; an empty filter value is ignored (as a form sends it).
    ///
    /// On `Err` names the first parameter that cannot be used.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ParamError> {
        let mut r = SearchRequest::default();
        for (key, value) in pairs {
            if value.is_empty() && key != "q" {
                continue;
            }
            let f = &mut r.filters;
            match key {
                "q" => r.q = value.to_owned(),
                "focus_area" => push_unique(&mut f.focus_areas, vocabulary_param(key, value)?),
                "area" => push_unique(&mut f.areas, vocabulary_param(key, value)?),
                "maturity" => push_unique(&mut f.maturities, vocabulary_param(key, value)?),
                "organisation" => push_unique(&mut f.organisations, value.to_owned()),
                "year" => {
                    let y = number(key, value, 2000, 2100)?;
                    push_unique(&mut f.years, i16::try_from(y).expect("at most 2100"));
                }
                "massa" => {
                    let y = number(key, value, 2000, 2100)?;
                    push_unique(&mut f.fairs, i16::try_from(y).expect("at most 2100"));
                }
                "award" => {
                    let slug = ExampleId::parse(value).map_err(|_| {
                        param_error(
                            key,
                            format!("\"{value}\" är ingen utmärkelse; tillåtet: en utmärkelses korta namn som `kvalitetsutmarkelsen`"),
                        )
                    })?;
                    push_unique(&mut f.awards, slug.as_str().to_owned());
                }
                "spread" => f.spread = flag(key, value)?,
                "current" => f.current = flag(key, value)?,
                "sort" => {
                    r.sort = match value {
                        "relevance" => Sort::Relevance,
                        "newest" => Sort::Newest,
                        "spread" => Sort::Spread,
                        other => {
                            return Err(param_error(
                                key,
                                format!(
                                    "okänt värde \"{other}\"; tillåtet: `relevance`, `newest` eller `spread`"
                                ),
                            ));
                        }
                    }
                }
                "page" => r.page = number(key, value, 1, MAX_DEPTH)?,
                "per_page" => r.per_page = number(key, value, 1, MAX_PER_PAGE)?,
                _ => {}
            }
        }
        if r.page.saturating_mul(r.per_page) > MAX_DEPTH {
            return Err(param_error(
                "page",
                format!(
                    "sidan {} av {} träffar går förbi träff {MAX_DEPTH}; gör sökningen snävare i stället",
                    r.page, r.per_page
                ),
            ));
        }
        Ok(r)
    }

    /// The query-string pairs that reproduce this request (defaults left out), for links.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        let f = &self.filters;
        pairs.extend(
            f.focus_areas
                .iter()
                .map(|v| ("focus_area", v.slug().to_owned())),
        );
        pairs.extend(f.areas.iter().map(|v| ("area", v.slug().to_owned())));
        pairs.extend(
            f.maturities
                .iter()
                .map(|v| ("maturity", v.slug().to_owned())),
        );
        pairs.extend(f.organisations.iter().map(|v| ("organisation", v.clone())));
        pairs.extend(f.years.iter().map(|v| ("year", v.to_string())));
        pairs.extend(f.fairs.iter().map(|v| ("massa", v.to_string())));
        pairs.extend(f.awards.iter().map(|v| ("award", v.clone())));
        if f.spread {
            pairs.push(("spread", "1".to_owned()));
        }
        if f.current {
            pairs.push(("current", "1".to_owned()));
        }
        if self.sort != Sort::Relevance {
            pairs.push(("sort", self.sort.slug().to_owned()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Result<SearchRequest, ParamError> {
        SearchRequest::from_query(q)
    }

    #[test]
    fn repeated_filters_are_alternatives() {
        let r = parse("q=mat&focus_area=dialog&focus_area=metoder&year=2024").unwrap();
        assert_eq!(
            r.filters.focus_areas,
            vec![FocusArea::Dialog, FocusArea::Metoder]
        );
        assert_eq!(r.filters.years, vec![2024]);
    }

    #[test]
    fn bad_parameters_are_named() {
        for (q, param) in [
            ("page=0", "page"),
            ("per_page=100000", "per_page"),
            ("focus_area=miljo", "focus_area"),
            ("area=x", "area"),
            ("year=abc", "year"),
            ("massa=1999", "massa"),
            ("sort=best", "sort"),
            ("award=../x", "award"),
            ("spread=ja", "spread"),
            ("current=2", "current"),
            ("page=101&per_page=100", "page"),
        ] {
            assert_eq!(parse(q).unwrap_err().param, param, "{q}");
        }
    }

    #[test]
    fn a_request_round_trips_through_its_pairs() {
        let r = parse(
            "q=a+b&area=skola&organisation=Stokab&sort=spread&page=2&award=framsteget&spread=1&current=1",
        )
        .unwrap();
        let pairs = r.to_pairs();
        let back = SearchRequest::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
        assert_eq!(back, r);
    }
}
