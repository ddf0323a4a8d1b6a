//! The submission form's values, as typed, and their conversion to corpus fields.

use toml::{Table, Value};

use crate::model::Example;

/// The body a new form starts with: the recommended section headings.
pub const BODY_TEMPLATE: &str = "## Bakgrund och utmaning\n\n\n\n## Syfte och mål\n\n\n\n## Vad är nytt?\n\n\n\n\
## Genomförande\n\n\n\n## Resultat\n\n\n\n## Resurser och kostnad\n\n\n\n## Svårigheter och lärdomar\n\n\n\n\
## Så kan andra göra\n\n";

/// Everything a unit typed into the form, kept as text so that nothing is lost to an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftForm {
    pub title: String,
    pub summary: String,
    pub unit: String,
    pub organisation: String,
    pub area: String,
    pub focus_areas: Vec<String>,
    pub maturity: String,
    pub year: String,
    /// Comma-separated keywords.
    pub tags: String,
    pub contact_name: String,
    pub contact_email: String,
    pub body: String,
}

impl DraftForm {
    /// An empty form with the body template.
    pub fn blank() -> Self {
        Self {
            body: BODY_TEMPLATE.to_owned(),
            ..Self::default()
        }
    }

    /// The form from decoded `application/x-www-form-urlencoded` pairs; other keys are
    /// ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            let v = v.to_owned();
            match k {
                "title" => f.title = v,
                "summary" => f.summary = v,
                "unit" => f.unit = v,
                "organisation" => f.organisation = v,
                "area" => f.area = v,
                "focus_areas" => f.focus_areas.push(v),
                "maturity" => f.maturity = v,
                "year" => f.year = v,
                "tags" => f.tags = v,
                "contact_name" => f.contact_name = v,
                "contact_email" => f.contact_email = v,
                // Browsers send line breaks in a textarea as CRLF.
                "body" => f.body = v.replace("\r\n", "\n"),
                _ => {}
            }
        }
        f
    }

    /// The form of a post's decoded pairs (as `from_pairs`).
    pub fn from_posted(pairs: &[(String, String)]) -> Self {
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The form filled from a stored example (for editing).
    pub fn from_example(e: &Example) -> Self {
        Self {
            title: e.title.clone(),
            summary: e.summary.clone(),
            unit: e.unit.clone(),
            organisation: e.organisation.clone(),
            area: e.area.slug().to_owned(),
            focus_areas: e.focus_areas.iter().map(|f| f.slug().to_owned()).collect(),
            maturity: e.maturity.slug().to_owned(),
            year: e.year.to_string(),
            tags: e.tags.join(", "),
            contact_name: e.contact_name.clone().unwrap_or_default(),
            contact_email: e.contact_email.clone().unwrap_or_default(),
            body: e.body.trim_start_matches('\n').to_owned(),
        }
    }

    /// The corpus fields of the form (without the body). Empty optional fields are left
    /// out; a year that is not a number is passed on as text, so that validation names it.
    pub fn to_fields(&self) -> Table {
        let mut t = Table::new();
        let mut text = |k: &str, v: &str, required: bool| {
            if required || !v.trim().is_empty() {
                t.insert(k.into(), Value::String(v.to_owned()));
            }
        };
        text("title", &self.title, true);
        text("summary", &self.summary, true);
        text("unit", &self.unit, true);
        text("organisation", &self.organisation, true);
        text("area", &self.area, true);
        text("maturity", &self.maturity, true);
        text("contact_name", &self.contact_name, false);
        text("contact_email", &self.contact_email, false);
        let year = self.year.trim();
        t.insert(
            "year".into(),
            year.parse::<i64>()
                .map(Value::Integer)
                .unwrap_or_else(|_| Value::String(year.to_owned())),
        );
        t.insert(
            "focus_areas".into(),
            Value::Array(
                self.focus_areas
                    .iter()
                    .cloned()
                    .map(Value::String)
                    .collect(),
            ),
        );
        let tags = self
            .tags
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty());
        t.insert(
            "tags".into(),
            Value::Array(tags.map(|s| Value::String(s.to_lowercase())).collect()),
        );
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_pairs_become_corpus_fields() {
        let f = DraftForm::from_pairs([
            ("title", "Lärcaféer"),
            ("focus_areas", "dialog"),
            ("focus_areas", "metoder"),
            ("year", "2025"),
            ("tags", "Kollegialt lärande, , café"),
            ("body", "a\r\nb"),
        ]);
        let t = f.to_fields();
        assert_eq!(t["year"], Value::Integer(2025));
        assert_eq!(t["focus_areas"].as_array().unwrap().len(), 2);
        assert_eq!(
            t["tags"],
            Value::Array(vec![
                Value::String("kollegialt lärande".into()),
                Value::String("café".into())
            ])
        );
        assert!(!t.contains_key("contact_email"));
        assert_eq!(f.body, "a\nb");
    }

    #[test]
    fn a_year_that_is_not_a_number_is_kept_as_text() {
        let f = DraftForm {
            year: "tjugotjugo".into(),
            ..DraftForm::default()
        };
        assert_eq!(f.to_fields()["year"], Value::String("tjugotjugo".into()));
    }
}
