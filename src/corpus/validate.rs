//! Field-by-field validation of an example, shared by corpus files and JSON input.

use jiff::civil::Date;
use toml::{Table, Value};

use super::FieldError;
use crate::model::{
    Area, Example, ExampleId, FocusArea, MAX_BODY_BYTES, MAX_SUMMARY_CHARS, MAX_TAGS,
    MAX_TITLE_CHARS, Maturity, Status, Vocabulary,
};

/// Every key an example may have in its front matter, in the order files are written.
pub const KNOWN_KEYS: &[&str] = &[
    "id",
    "title",
    "summary",
    "unit",
    "organisation",
    "area",
    "focus_areas",
    "maturity",
    "year",
    "tags",
    "contact_name",
    "contact_email",
    "status",
    "created",
    "updated",
    "reviewed",
];

/// Whether `address` is an e-mail address that mail can reach: valid by RFC 5322 and with a
/// domain of at least two labels whose last is two letters or more (`namn@stockholm.se`, not
/// `namn@stockholm` nor `namn@[10.0.0.1]`).
pub fn is_email(address: &str) -> bool {
    let Some((_, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let top = domain.rsplit_once('.').map(|(_, top)| top);
    email_address::EmailAddress::is_valid(address)
        && top.is_some_and(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic))
}

/// The longest unit, organisation or contact name allowed, in characters.
pub const MAX_NAME_CHARS: usize = 160;
/// The longest tag allowed, in characters.
pub const MAX_TAG_CHARS: usize = 40;
/// The earliest year an example may have.
pub const MIN_YEAR: i64 = 2000;

/// What validation may fill in when a field is missing.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// Today's date: bounds `year` and, with `fill_workflow`, fills `created` and `updated`.
    pub today: Date,
    /// Fill a missing `status` with `published` and missing dates with today (for imports).
    /// Corpus files must state them.
    pub fill_workflow: bool,
    /// The corpus's organisations: a known one is written the way the list writes it. `None`
    /// (reading files as they are): as written.
    pub organisations: Option<std::sync::Arc<crate::model::Organisations>>,
}

/// Checks every field of `fields` and the Markdown `body`, returning the example or every
/// problem found (not just the first).
pub fn validate(
    fields: &Table,
    body: &str,
    defaults: &Defaults,
) -> Result<Example, Vec<FieldError>> {
    let mut v = Validator {
        fields,
        errors: Vec::new(),
    };
    v.unknown_keys();
    let id = v.id();
    let title = v.text("title", MAX_TITLE_CHARS);
    let summary = v.text("summary", MAX_SUMMARY_CHARS);
    let unit = v.text("unit", MAX_NAME_CHARS);
    // A known administration or company is written the way the list writes it, so that the
    // search filter has one value for it whatever the case typed.
    let organisation =
        v.text("organisation", MAX_NAME_CHARS)
            .map(|o| match &defaults.organisations {
                Some(list) => list.canonical(o),
                None => o,
            });
    let area = v.one_of::<Area>("area");
    let focus_areas = v.focus_areas();
    let maturity = v.one_of::<Maturity>("maturity");
    let year = v.year(defaults.today);
    let tags = v.tags();
    let contact_name = v.optional_text("contact_name", MAX_NAME_CHARS);
    let contact_email = v.email();
    let status = if defaults.fill_workflow && !fields.contains_key("status") {
        Some(Status::Published)
    } else {
        v.one_of::<Status>("status")
    };
    let fallback = defaults.fill_workflow.then_some(defaults.today);
    let created = v.date("created", fallback);
    let updated = v.date("updated", fallback);
    if let (Some(c), Some(u)) = (created, updated)
        && u < c
    {
        v.error(
            "updated",
            format!("{u} är före `created` ({c}); `updated` kan inte vara tidigare"),
        );
    }
    let reviewed = v.reviewed(created, updated);
    v.body(body);
    match (
        id,
        title,
        summary,
        unit,
        organisation,
        area,
        focus_areas,
        maturity,
        year,
        status,
        created,
        updated,
    ) {
        (
            Some(id),
            Some(title),
            Some(summary),
            Some(unit),
            Some(organisation),
            Some(area),
            Some(focus_areas),
            Some(maturity),
            Some(year),
            Some(status),
            Some(created),
            Some(updated),
        ) if v.errors.is_empty() => Ok(Example {
            reviewed: reviewed.unwrap_or(updated),
            id,
            title,
            summary,
            unit,
            organisation,
            area,
            focus_areas,
            maturity,
            year,
            tags: tags.unwrap_or_default(),
            contact_name: contact_name.flatten(),
            contact_email: contact_email.flatten(),
            status,
            created,
            updated,
            body: body.to_owned(),
        }),
        _ => Err(v.errors),
    }
}

struct Validator<'a> {
    fields: &'a Table,
    errors: Vec<FieldError>,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "text",
        Value::Integer(_) => "ett heltal",
        Value::Float(_) => "ett decimaltal",
        Value::Boolean(_) => "true/false",
        Value::Datetime(_) => "ett datum",
        Value::Array(_) => "en lista",
        Value::Table(_) => "en tabell",
    }
}

impl Validator<'_> {
    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    fn unknown_keys(&mut self) {
        for key in self.fields.keys() {
            if KNOWN_KEYS.contains(&key.as_str()) {
                continue;
            }
            let hint = KNOWN_KEYS
                .iter()
                .map(|k| (strsim::damerau_levenshtein(k, key), k))
                .filter(|(d, _)| *d <= 3)
                .min()
                .map(|(_, k)| format!("menade du `{k}`?"))
                .unwrap_or_else(|| format!("tillåtna fält: {}", KNOWN_KEYS.join(", ")));
            self.error(key, format!("okänt fält `{key}`; {hint}"));
        }
    }

    /// The value of a required field; records "missing" and returns `None` when absent.
    fn required(&mut self, field: &str) -> Option<&Value> {
        let fields = self.fields;
        let value = fields.get(field);
        if value.is_none() {
            self.error(field, format!("`{field}` saknas; fältet måste finnas"));
        }
        value
    }

    fn string_value(&mut self, field: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                self.error(
                    field,
                    format!(
                        "`{field}` ska vara text inom citattecken; här står {}",
                        type_name(other)
                    ),
                );
                None
            }
        }
    }

    /// A one-line text: trimmed, not blank, no control characters, at most `max` characters.
    /// Bidirectional overrides and isolates are removed: in a title they can make a list or
    /// an export read in another order than it is written.
    fn check_text(&mut self, field: &str, raw: String, max: usize) -> Option<String> {
        let raw = without_bidi_controls(&raw);
        let text = raw.trim();
        if text.is_empty() {
            self.error(field, format!("`{field}` är tomt; skriv en text"));
            return None;
        }
        if text.chars().any(char::is_control) {
            self.error(
                field,
                format!(
                    "`{field}` innehåller en radbrytning eller ett styrtecken; skriv allt på en rad"
                ),
            );
            return None;
        }
        let n = text.chars().count();
        if n > max {
            self.error(
                field,
                format!("`{field}` är {n} tecken långt; högst {max} tecken får plats"),
            );
            return None;
        }
        Some(text.to_owned())
    }

    fn text(&mut self, field: &str, max: usize) -> Option<String> {
        let value = self.required(field)?.clone();
        let raw = self.string_value(field, &value)?;
        self.check_text(field, raw, max)
    }

    /// `Some(None)` when absent or blank, `None` when invalid.
    fn optional_text(&mut self, field: &str, max: usize) -> Option<Option<String>> {
        let Some(value) = self.fields.get(field) else {
            return Some(None);
        };
        let raw = self.string_value(field, value)?;
        if raw.trim().is_empty() {
            return Some(None);
        }
        self.check_text(field, raw, max).map(Some)
    }

    fn id(&mut self) -> Option<ExampleId> {
        let value = self.required("id")?.clone();
        let raw = self.string_value("id", &value)?;
        ExampleId::parse(&raw)
            .map_err(|e| self.error("id", format!("`id` \"{raw}\" går inte att använda: {e}")))
            .ok()
    }

    fn one_of<V: Vocabulary>(&mut self, field: &str) -> Option<V> {
        let value = self.required(field)?.clone();
        let raw = self.string_value(field, &value)?;
        let parsed = V::parse(&raw);
        if parsed.is_none() {
            self.error(
                field,
                format!(
                    "okänt värde `{raw}` i `{field}`; tillåtet: {}",
                    V::allowed()
                ),
            );
        }
        parsed
    }

    fn string_list(&mut self, field: &str, value: &Value) -> Option<Vec<String>> {
        let Value::Array(items) = value else {
            self.error(
                field,
                format!(
                    "`{field}` ska vara en lista som [\"a\", \"b\"]; här står {}",
                    type_name(value)
                ),
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.string_value(field, item)?);
        }
        Some(out)
    }

    fn focus_areas(&mut self) -> Option<Vec<FocusArea>> {
        let value = self.required("focus_areas")?.clone();
        let raw = self.string_list("focus_areas", &value)?;
        let mut out: Vec<FocusArea> = Vec::new();
        for slug in &raw {
            match FocusArea::parse(slug) {
                Some(f) if out.contains(&f) => {
                    self.error(
                        "focus_areas",
                        format!("fokusområdet `{slug}` står två gånger"),
                    );
                    return None;
                }
                Some(f) => out.push(f),
                None => {
                    self.error(
                        "focus_areas",
                        format!(
                            "okänt fokusområde `{slug}`; tillåtet: {}",
                            FocusArea::allowed()
                        ),
                    );
                    return None;
                }
            }
        }
        if !(1..=3).contains(&out.len()) {
            self.error(
                "focus_areas",
                format!("{} fokusområden angivna; välj 1–3", out.len()),
            );
            return None;
        }
        Some(out)
    }

    fn year(&mut self, today: Date) -> Option<i16> {
        let value = self.required("year")?.clone();
        let max = i64::from(today.year()) + 1;
        let Value::Integer(y) = value else {
            self.error(
                "year",
                format!(
                    "`year` ska vara ett heltal som 2024; här står {}",
                    type_name(&value)
                ),
            );
            return None;
        };
        if !(MIN_YEAR..=max).contains(&y) {
            self.error(
                "year",
                format!("året {y} går inte att använda; tillåtet: {MIN_YEAR}–{max}"),
            );
            return None;
        }
        i16::try_from(y).ok()
    }

    fn tags(&mut self) -> Option<Vec<String>> {
        let Some(value) = self.fields.get("tags").cloned() else {
            return Some(Vec::new());
        };
        let raw = self.string_list("tags", &value)?;
        if raw.len() > MAX_TAGS {
            self.error(
                "tags",
                format!("{} taggar angivna; högst {MAX_TAGS} får plats", raw.len()),
            );
            return None;
        }
        let mut out: Vec<String> = Vec::with_capacity(raw.len());
        for tag in raw {
            let tag = without_bidi_controls(&tag).trim().to_owned();
            let problem = if tag.is_empty() {
                Some("en tagg är tom".to_owned())
            } else if tag.chars().any(|c| c.is_uppercase() || c.is_control()) {
                Some(format!(
                    "taggen \"{tag}\" ska skrivas med små bokstäver, på en rad"
                ))
            } else if tag.chars().count() > MAX_TAG_CHARS {
                Some(format!(
                    "taggen \"{tag}\" är längre än {MAX_TAG_CHARS} tecken"
                ))
            } else if out.contains(&tag) {
                Some(format!("taggen \"{tag}\" står två gånger"))
            } else {
                None
            };
            if let Some(p) = problem {
                self.error("tags", p);
                return None;
            }
            out.push(tag);
        }
        Some(out)
    }

    fn email(&mut self) -> Option<Option<String>> {
        let address = self.optional_text("contact_email", MAX_NAME_CHARS)?;
        match address {
            Some(a) if !is_email(&a) => {
                self.error(
                    "contact_email",
                    format!(
                        "\"{a}\" är ingen giltig e-postadress; skriv den som fornamn.efternamn@stockholm.se"
                    ),
                );
                None
            }
            other => Some(other),
        }
    }

    /// `reviewed`: optional (a file without it reads as its `updated`), never before
    /// `created`. Like `updated` it is the service's, so it is not bounded by the reading
    /// machine's date: a clock behind the writer's must not make a file unreadable.
    fn reviewed(&mut self, created: Option<Date>, updated: Option<Date>) -> Option<Date> {
        if !self.fields.contains_key("reviewed") {
            return updated;
        }
        let reviewed = self.date("reviewed", None)?;
        if let Some(c) = created
            && reviewed < c
        {
            self.error(
                "reviewed",
                format!("{reviewed} är före `created` ({c}); ett exempel kan inte bekräftas innan det skrevs"),
            );
        }
        Some(reviewed)
    }

    fn date(&mut self, field: &str, fallback: Option<Date>) -> Option<Date> {
        let value = match (self.fields.get(field), fallback) {
            (None, Some(d)) => return Some(d),
            (None, None) => {
                self.required(field);
                return None;
            }
            (Some(v), _) => v.clone(),
        };
        let text = match &value {
            Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            Value::String(s) => s.clone(),
            other => {
                self.error(
                    field,
                    format!(
                        "`{field}` ska vara ett datum som 2024-03-15; här står {}",
                        type_name(other)
                    ),
                );
                return None;
            }
        };
        match text.parse::<Date>() {
            Ok(d) if text.len() == 10 => Some(d),
            _ => {
                self.error(field, format!("`{field}` \"{text}\" är inget datum; skriv det som ÅÅÅÅ-MM-DD, till exempel 2024-03-15"));
                None
            }
        }
    }

    fn body(&mut self, body: &str) {
        if body.len() > MAX_BODY_BYTES {
            self.error(
                "body",
                format!(
                    "texten är {} byte; högst {MAX_BODY_BYTES} byte ({} KiB) får plats",
                    body.len(),
                    MAX_BODY_BYTES / 1024
                ),
            );
        } else if body.trim().is_empty() {
            self.error(
                "body",
                "texten är tom; beskriv exemplet i Markdown under de föreslagna rubrikerna",
            );
        } else {
            let c = super::Complexity::of(body);
            if c.depth > super::MAX_NESTING {
                self.error(
                    "body",
                    format!(
                        "listor och citat i texten ligger {} nivåer djupt; högst {} nivåer går",
                        c.depth,
                        super::MAX_NESTING
                    ),
                );
            }
            if c.table_cells > super::MAX_TABLE_CELLS {
                self.error(
                    "body",
                    format!(
                        "tabellerna i texten kan ha upp till {} celler; högst {} går (en rad som är kortare än rubrikraden fylls ändå ut)",
                        c.table_cells,
                        super::MAX_TABLE_CELLS
                    ),
                );
            }
            if c.html_tags > super::MAX_HTML_TAGS {
                self.error(
                    "body",
                    format!(
                        "texten har {} HTML-taggar; högst {} går",
                        c.html_tags,
                        super::MAX_HTML_TAGS
                    ),
                );
            }
        }
    }
}

/// `text` without the characters that override or isolate the direction of text
/// (U+202A–U+202E, U+2066–U+2069).
fn without_bidi_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

#[cfg(test)]
mod tests;
