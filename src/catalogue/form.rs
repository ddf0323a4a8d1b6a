//! The builder form as posted: an edition draft read from the form's fields (what cannot even
//! be read, such as a stand that is not a number, is a field error), the button pressed, the
//! search kept across a save, and the revision the form was opened on.

use super::model::{
    EditionDraft, EntryDraft, HoursDraft, SessionDraft, SessionKind, Theme, default_themes,
};
use crate::corpus::FieldError;
use crate::model::{Area, FocusArea};

/// The most entries one edition may have (a guard against absurd forms).
const MAX_ENTRIES: usize = 2_000;

/// A new edition's starting point.
pub fn blank(year: i16) -> EditionDraft {
    EditionDraft {
        name: format!("Goda exempelmässan {year}"),
        dates: Vec::new(),
        venue: "Stadshuset".into(),
        opening_hours: HoursDraft {
            opens: "09:00".into(),
            closes: "16:00".into(),
        },
        rooms: vec!["Sal A".into(), "Sal B".into()],
        themes: Some(default_themes()),
        published: false,
        entries: Vec::new(),
        changelog: Vec::new(),
    }
}

/// The value of the first pair named `key`; empty when there is none.
fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// The search and filters of the builder.
#[derive(Debug, Default, Clone)]
pub struct Finder {
    pub q: String,
    pub focus_area: Option<FocusArea>,
    pub area: Option<Area>,
}

impl Finder {
    /// The finder of a query string's or form's pairs; unknown filter values are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        Finder {
            q: value(pairs, "q").to_owned(),
            focus_area: FocusArea::parse(value(pairs, "focus_area")),
            area: Area::parse(value(pairs, "area")),
        }
    }

    pub(super) fn is_set(&self) -> bool {
        !self.q.trim().is_empty() || self.focus_area.is_some() || self.area.is_some()
    }

    /// The finder as a query string (empty when nothing is set), kept across a save.
    pub fn query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        if let Some(f) = self.focus_area {
            s.append_pair("focus_area", f.slug());
        }
        if let Some(a) = self.area {
            s.append_pair("area", a.slug());
        }
        s.finish()
    }
}

/// What a button of the builder asks for, after the form is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Save,
    Search,
    Publish,
    Unpublish,
    Up(usize),
    Down(usize),
    Remove(usize),
    Add(String),
    /// Removing entry `i` was asked for: the builder asks for a confirmation first.
    AskRemove(usize),
    /// Unpublishing was asked for: asked about first too.
    AskUnpublish,
    /// Put a removed entry (the form's `angra`) back at position `i`: the undo of a removal.
    Restore(usize),
}

impl Action {
    /// The button's value (`up:3`, `add:id`, `publish`); anything else saves.
    pub fn parse(s: &str) -> Action {
        // An entry's position: never beyond the most entries an edition may have.
        let index = |rest: &str| rest.parse::<usize>().ok().filter(|i| *i < MAX_ENTRIES);
        match s.split_once(':') {
            Some(("up", n)) => index(n).map_or(Action::Save, Action::Up),
            Some(("down", n)) => index(n).map_or(Action::Save, Action::Down),
            Some(("remove", n)) => index(n).map_or(Action::Save, Action::AskRemove),
            Some(("remove-confirmed", n)) => index(n).map_or(Action::Save, Action::Remove),
            Some(("restore", n)) => index(n).map_or(Action::Save, Action::Restore),
            Some(("add", id)) => Action::Add(id.to_owned()),
            _ => match s {
                "search" => Action::Search,
                "publish" => Action::Publish,
                "unpublish" => Action::AskUnpublish,
                "unpublish-confirmed" => Action::Unpublish,
                _ => Action::Save,
            },
        }
    }

    /// The entry the page should scroll to after the step, in a draft of `entries` entries.
    pub(super) fn anchor(&self, entries: usize) -> Option<usize> {
        match self {
            Action::Up(i) => i.checked_sub(1),
            Action::Down(i) => i.checked_add(1).filter(|j| *j < entries),
            Action::Add(_) => entries.checked_sub(1),
            Action::Restore(i) => Some((*i).min(entries.saturating_sub(1))),
            _ => None,
        }
    }
}

fn field_error(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// The builder form as posted: the draft it describes, the problems that kept a value from
/// even being read (a stand that is not a number, a session without a day), the button
/// pressed, the search kept across the save, and the revision the form was opened on.
#[derive(Debug, Clone)]
pub struct BuilderForm {
    pub draft: EditionDraft,
    pub errors: Vec<FieldError>,
    pub action: Action,
    pub finder: Finder,
    /// `None` when the form sent no revision (an older form: it saves over what is stored);
    /// empty for a new edition.
    pub revision: Option<String>,
    /// The entry a removal took out, sent back by "Ångra" (`angra`, as JSON) for
    /// [`Action::Restore`]; `None` when absent or not an entry.
    pub restore: Option<EntryDraft>,
}

impl BuilderForm {
    /// Reads the form's pairs; nothing here fails, problems are collected in `errors`.
    pub fn read(pairs: &[(String, String)]) -> Self {
        let get = |key: &str| value(pairs, key);
        let mut errors = Vec::new();
        let themes = themes(get("themes"), &mut errors);
        let count: usize = get("entries").parse().unwrap_or(0).min(MAX_ENTRIES);
        let entries = (0..count)
            .filter_map(|i| entry(pairs, i, &mut errors))
            .collect();
        let dates = get("dates")
            .split([',', ' ', '\n', '\r', ';'])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect();
        let draft = EditionDraft {
            name: get("name").to_owned(),
            dates,
            venue: get("venue").to_owned(),
            opening_hours: HoursDraft {
                opens: get("opens").trim().to_owned(),
                closes: get("closes").trim().to_owned(),
            },
            rooms: lines(get("rooms")),
            themes: Some(themes)
                .filter(|t| !t.is_empty())
                .or_else(|| Some(default_themes())),
            published: false,
            entries,
            changelog: Vec::new(),
        };
        BuilderForm {
            draft,
            errors,
            action: Action::parse(get("action")),
            finder: Finder::from_pairs(pairs),
            revision: pairs
                .iter()
                .find(|(k, _)| k == "revision")
                .map(|(_, v)| v.clone()),
            restore: serde_json::from_str(get("angra")).ok(),
        }
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The themes written one per line as `id: namn`.
fn themes(text: &str, errors: &mut Vec<FieldError>) -> Vec<Theme> {
    let mut themes = Vec::new();
    for (n, line) in lines(text).iter().enumerate() {
        match line.split_once(':') {
            Some((id, name)) if !id.trim().is_empty() && !name.trim().is_empty() => {
                themes.push(Theme {
                    id: id.trim().to_owned(),
                    name: name.trim().to_owned(),
                })
            }
            _ => errors.push(field_error(
                format!("themes[{n}]"),
                format!(
                    "rad {} ”{line}” saknar kolon; skriv id: namn, till exempel ”dialog: Dialog med stockholmarna”",
                    n + 1
                ),
            )),
        }
    }
    themes
}

/// Entry `i` of the form (its inputs are named `e{i}_…`); `None` when its row is empty.
fn entry(pairs: &[(String, String)], i: usize, errors: &mut Vec<FieldError>) -> Option<EntryDraft> {
    let f = |name: &str| value(pairs, &format!("e{i}_{name}")).trim().to_owned();
    let example_id = f("example");
    if example_id.is_empty() {
        return None;
    }
    let stand = match f("stand").as_str() {
        "" => None,
        s => s
            .parse::<u32>()
            .map_err(|_| {
                errors.push(field_error(
                    format!("entries[{i}].stand"),
                    format!("”{s}” är inget monternummer; skriv ett heltal från 1"),
                ))
            })
            .ok(),
    };
    let kind = match f("kind").as_str() {
        "seminarium" => Some(SessionKind::Seminarium),
        "workshop" => Some(SessionKind::Workshop),
        _ => None,
    };
    let session = kind.map(|kind| {
        let (day, start, end) = (f("day"), f("start"), f("end"));
        for (value, field, message) in [
            (&day, "day", "välj vilken dag passet är"),
            (&start, "start", "skriv när passet börjar, TT:MM"),
            (&end, "end", "skriv när passet slutar, TT:MM"),
        ] {
            if value.is_empty() {
                errors.push(field_error(
                    format!("entries[{i}].session.{field}"),
                    message,
                ));
            }
        }
        SessionDraft {
            kind,
            room: f("room"),
            start: format!("{day}T{start}"),
            end: format!("{day}T{end}"),
        }
    });
    Some(EntryDraft {
        example_id,
        theme: f("theme"),
        stand,
        session,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_button_value_becomes_its_step() {
        assert_eq!(Action::parse("up:3"), Action::Up(3));
        assert_eq!(
            Action::parse("add:lasombud"),
            Action::Add("lasombud".into())
        );
        assert_eq!(Action::parse("remove:x"), Action::Save);
        assert_eq!(Action::parse("down:18446744073709551615"), Action::Save);
        assert_eq!(Action::Up(0).anchor(3), None, "no entry above the first");
        assert_eq!(Action::Down(2).anchor(3), None, "nor below the last");
        assert_eq!(Action::parse("publish"), Action::Publish);
        assert_eq!(Action::parse("remove:2"), Action::AskRemove(2));
        assert_eq!(Action::parse("remove-confirmed:2"), Action::Remove(2));
        assert_eq!(Action::parse("unpublish"), Action::AskUnpublish);
        assert_eq!(Action::parse("unpublish-confirmed"), Action::Unpublish);
        assert_eq!(Action::parse("något annat"), Action::Save);
    }

    #[test]
    fn a_stand_that_is_not_a_number_and_a_session_without_a_day_are_named() {
        let form = BuilderForm::read(&pairs(&[
            ("entries", "1"),
            ("e0_example", "lasombud"),
            ("e0_stand", "tolv"),
            ("e0_kind", "seminarium"),
            ("e0_start", "10:00"),
            ("e0_end", "10:30"),
        ]));
        let fields: Vec<&str> = form.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["entries[0].stand", "entries[0].session.day"]);
        assert_eq!(form.draft.entries.len(), 1);
        assert_eq!(form.revision, None, "no revision field: an older form");
    }

    #[test]
    fn a_theme_line_without_a_colon_is_an_error_and_no_themes_mean_the_focus_areas() {
        let form = BuilderForm::read(&pairs(&[("themes", "dialog\n"), ("revision", "")]));
        assert_eq!(form.errors[0].field, "themes[0]");
        assert_eq!(form.draft.themes.as_ref().map(Vec::len), Some(6));
        assert_eq!(
            form.revision.as_deref(),
            Some(""),
            "an empty revision: a new edition"
        );
    }

    #[test]
    fn the_entry_count_is_bounded() {
        let form = BuilderForm::read(&pairs(&[("entries", "99999999")]));
        assert!(form.draft.entries.is_empty());
    }
}
