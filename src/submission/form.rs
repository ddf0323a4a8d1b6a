//! The submission form's values, as typed, and their conversion to corpus fields.

use toml::{Table, Value};

use crate::model::Example;

/// The body a new form starts with: the recommended section headings.
pub const BODY_TEMPLATE: &str = "## Bakgrund och utmaning\n\n\n\n## Syfte och mål\n\n\n\n## Vad är nytt?\n\n\n\n\
## Genomförande\n\n\n\n## Resultat\n\n\n\n## Resurser och kostnad\n\n\n\n## Svårigheter och lärdomar\n\n\n\n\
## Så kan andra göra\n\n";

/// The recommended sections of a description: (the form's key, the heading, a line of
/// guidance). The body is Markdown with these as `##` headings.
pub const SECTIONS: [(&str, &str, &str); 8] = [
    (
        "bakgrund",
        "Bakgrund och utmaning",
        "Vilket problem eller behov fanns, och vem berördes?",
    ),
    (
        "syfte",
        "Syfte och mål",
        "Vad ville ni uppnå, och hur skulle ni se att ni hade lyckats?",
    ),
    (
        "nytt",
        "Vad är nytt?",
        "Vad gjorde ni som inte hade gjorts förut, hos er eller i staden?",
    ),
    (
        "genomforande",
        "Genomförande",
        "Hur gick ni till väga, steg för steg, och vilka var med?",
    ),
    (
        "resultat",
        "Resultat",
        "Vad blev bättre? Skriv gärna siffror från före och efter.",
    ),
    (
        "resurser",
        "Resurser och kostnad",
        "Vad kostade det i tid och pengar, och hur betalades det?",
    ),
    (
        "lardomar",
        "Svårigheter och lärdomar",
        "Vad var svårt, och vad skulle ni göra annorlunda i dag?",
    ),
    (
        "andra",
        "Så kan andra göra",
        "Vad behöver en annan enhet för att göra likadant, och vem kan de fråga?",
    ),
];

/// The value of the organisation list's choice "Annan": the name is in `organisation_annan`.
pub const OTHER_ORGANISATION: &str = "annan";

/// The form key of the text that fits no section (text before the first heading, and
/// sections under other headings, kept as written).
pub const OTHER_TEXT: &str = "ovrigt";

/// A body split into the recommended sections (their text, in [`SECTIONS`] order) and the
/// text that fits none of them. The split is kept only when assembling it again gives back
/// the same body ([`assemble_sections`]: the sections in their order, each once, then the
/// rest); any other body (its own order, a heading twice, text before the first heading, a
/// heading inside a code block) goes whole into the last field, so that editing never moves
/// or drops a word of it.
pub fn split_sections(body: &str) -> ([String; 8], String) {
    let body = body.replace("\r\n", "\n");
    let mut sections: [String; 8] = Default::default();
    let mut other = String::new();
    // Where the lines go: a section, or the other text (until the first heading, and under
    // headings of its own).
    let mut current: Option<usize> = None;
    for line in body.split('\n') {
        if let Some(heading) = line.strip_prefix("## ") {
            let heading = heading.trim().to_lowercase();
            current = SECTIONS
                .iter()
                .position(|(_, h, _)| h.to_lowercase() == heading);
            if current.is_some() {
                continue;
            }
        }
        let target = match current {
            Some(i) => &mut sections[i],
            None => &mut other,
        };
        target.push_str(line);
        target.push('\n');
    }
    let tidy = |s: &mut String| *s = s.trim_matches('\n').to_owned();
    sections.iter_mut().for_each(tidy);
    tidy(&mut other);
    let same = assemble_sections(&sections, &other).trim_matches('\n') == body.trim_matches('\n');
    if same {
        (sections, other)
    } else {
        (Default::default(), body.trim_matches('\n').to_owned())
    }
}

/// The body of the sections' texts, in their order (an empty section is left out), then the
/// text that fits none of them, as the form shows them.
pub fn assemble_sections(sections: &[String], other: &str) -> String {
    let mut parts = Vec::new();
    for ((_, heading, _), text) in SECTIONS.iter().zip(sections) {
        let text = text.replace("\r\n", "\n");
        if !text.trim().is_empty() {
            parts.push(format!("## {heading}\n\n{}", text.trim_matches('\n')));
        }
    }
    let other = other.replace("\r\n", "\n");
    if !other.trim().is_empty() {
        parts.push(other.trim_matches('\n').to_owned());
    }
    let mut body = parts.join("\n\n");
    if !body.is_empty() {
        body.push('\n');
    }
    body
}

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
    /// Whether "Annan" was chosen in the list of organisations (the name is `organisation`).
    pub organisation_other: bool,
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
    /// A form with one field per section (`avsnitt_{key}`, and [`OTHER_TEXT`]) assembles the
    /// body from them; one with `body` takes it as it is.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = Self::default();
        let mut sections: [String; 8] = Default::default();
        let mut other = String::new();
        let mut by_section = false;
        let mut other_organisation = String::new();
        for (k, v) in pairs {
            if k == "organisation_annan" {
                other_organisation = v.to_owned();
                continue;
            }
            if let Some(key) = k.strip_prefix("avsnitt_") {
                if let Some(i) = SECTIONS.iter().position(|(s, _, _)| *s == key) {
                    sections[i] = v.to_owned();
                    by_section = true;
                } else if key == OTHER_TEXT {
                    other = v.to_owned();
                    by_section = true;
                }
                continue;
            }
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
        if by_section {
            f.body = assemble_sections(&sections, &other);
        }
        if f.organisation == OTHER_ORGANISATION {
            f.organisation = other_organisation;
            f.organisation_other = true;
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
            organisation_other: false,
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
    fn a_body_opens_into_its_sections_and_text_that_fits_none_is_kept() {
        let body = "## Bakgrund och utmaning\n\nFör många fall.\n\n## Resultat\n\nFärre fall.\n\n\
                    ## Egen rubrik\n\nEn lista:\n\n- ett\n- två\n";
        let (sections, other) = split_sections(body);
        assert_eq!(sections[0], "För många fall.");
        assert_eq!(sections[4], "Färre fall.");
        assert!(sections[1].is_empty());
        assert_eq!(other, "## Egen rubrik\n\nEn lista:\n\n- ett\n- två");
        assert_eq!(assemble_sections(&sections, &other), body);
    }

    #[test]
    fn a_body_not_in_the_sections_order_opens_whole_in_the_last_field_and_saves_unchanged() {
        for body in [
            // Text before the first heading, its own heading before the recommended ones.
            "Inledning.\n\n## Bakgrund och utmaning\n\nText.\n",
            "## Kontakt\n\nRing.\n\n## Resultat\n\nBra.\n",
            // The recommended ones in another order, or one twice.
            "## Resultat\n\nBra.\n\n## Bakgrund och utmaning\n\nText.\n",
            "## Resultat\n\nA.\n\n## Resultat\n\nB.\n",
            // A heading inside a code block.
            "## Så kan andra göra\n\n```\n## Bakgrund och utmaning\n(skriv här)\n```\nRing oss.\n",
            // Another case, with å/ä/ö.
            "## SÅ KAN ANDRA GÖRA\n\nRing.\n\n## Egen\n\nX.\n",
        ] {
            let (sections, other) = split_sections(body);
            let again = assemble_sections(&sections, &other);
            assert_eq!(again.trim_end(), body.trim_end(), "{body:?}");
        }
        let (sections, _) = split_sections("## Så kan andra göra\n\nRing.\n");
        assert_eq!(sections[7], "Ring.");
    }

    #[test]
    fn the_organisation_chosen_as_other_is_the_name_written_beside_it() {
        let other = DraftForm::from_pairs([
            ("organisation", "annan"),
            ("organisation_annan", "Nacka kommun"),
        ]);
        assert_eq!(other.organisation, "Nacka kommun");
        let listed = DraftForm::from_pairs([
            ("organisation_annan", "ignoreras"),
            ("organisation", "Farsta stadsdelsförvaltning"),
        ]);
        assert_eq!(listed.organisation, "Farsta stadsdelsförvaltning");
        let empty = DraftForm::from_pairs([("organisation", "annan")]);
        assert_eq!(empty.organisation, "", "validation asks for the name");
    }

    #[test]
    fn section_fields_become_the_body_and_empty_ones_are_left_out() {
        let f = DraftForm::from_pairs([
            ("title", "T"),
            ("avsnitt_bakgrund", "Barnen åt för lite.\r\nFörsta raden."),
            ("avsnitt_resultat", "  "),
            ("avsnitt_andra", "Ring oss."),
            ("avsnitt_okand", "bortglömt"),
        ]);
        assert_eq!(
            f.body,
            "## Bakgrund och utmaning\n\nBarnen åt för lite.\nFörsta raden.\n\n## Så kan andra göra\n\nRing oss.\n"
        );
        let with_other = DraftForm::from_pairs([
            ("avsnitt_ovrigt", "## Tack\n\nTill alla."),
            ("avsnitt_resultat", "Bra."),
        ]);
        assert_eq!(
            with_other.body, "## Resultat\n\nBra.\n\n## Tack\n\nTill alla.\n",
            "the last field comes last, as the form shows it"
        );
        let plain = DraftForm::from_pairs([("body", "## Resultat\n\nBra.")]);
        assert_eq!(plain.body, "## Resultat\n\nBra.");
    }

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
