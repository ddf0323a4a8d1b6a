//! What changed in a published programme, in Swedish, for visitors.

use super::{Edition, Entry, SessionKind, hm};
use crate::model::ExampleId;

fn kind(k: SessionKind) -> &'static str {
    match k {
        SessionKind::Seminarium => "seminariet",
        SessionKind::Workshop => "workshopen",
    }
}

fn find<'a>(entries: &'a [Entry], id: &ExampleId) -> Option<&'a Entry> {
    entries.iter().find(|e| &e.example_id == id)
}

/// The changes from `old` to `new` that visitors should know of: entries added or removed,
/// sessions moved in time or room, stands moved. `title` names an example.
pub fn changes(old: &Edition, new: &Edition, title: &dyn Fn(&ExampleId) -> String) -> Vec<String> {
    let mut out = Vec::new();
    for e in &new.entries {
        let name = title(&e.example_id);
        match find(&old.entries, &e.example_id) {
            None => out.push(format!("Nytt i programmet: {name}")),
            Some(before) => {
                if let (Some(a), Some(b)) = (&before.session, &e.session)
                    && (a.room != b.room || a.start != b.start || a.end != b.end)
                {
                    out.push(format!(
                        "{} {name} flyttat till {}, {} {}–{}",
                        capitalise(kind(b.kind)),
                        b.room,
                        b.start.date(),
                        hm(b.start.time()),
                        hm(b.end.time())
                    ));
                }
                if before.stand != e.stand
                    && let Some(stand) = e.stand
                {
                    out.push(format!("{name} har nu monter {stand}"));
                }
            }
        }
    }
    for e in &old.entries {
        if find(&new.entries, &e.example_id).is_none() {
            out.push(format!("Inställt: {}", title(&e.example_id)));
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
