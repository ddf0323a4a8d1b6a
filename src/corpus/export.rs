//! The corpus as open data: every published example as JSON Lines in the import format (so
//! that another municipality can load it with `goda import`), and as a table that Excel opens
//! with Swedish letters intact (UTF-8 with a byte order mark, semicolons, text cells
//! neutralised against formulas).

use serde_json::{Value as Json, json};

use crate::model::Example;

/// One example as a JSON object in the import format: the corpus's field names plus `body`.
pub fn to_import_json(e: &Example) -> Json {
    let mut object = json!({
        "id": e.id.as_str(),
        "title": e.title,
        "summary": e.summary,
        "unit": e.unit,
        "organisation": e.organisation,
        "area": e.area.slug(),
        "focus_areas": e.focus_areas.iter().map(|f| f.slug()).collect::<Vec<_>>(),
        "maturity": e.maturity.slug(),
        "year": e.year,
        "tags": e.tags,
        "status": e.status.slug(),
        "created": e.created.to_string(),
        "updated": e.updated.to_string(),
        "reviewed": e.reviewed.to_string(),
        "body": e.body,
    });
    if let Some(map) = object.as_object_mut() {
        if let Some(name) = &e.contact_name {
            map.insert("contact_name".into(), json!(name));
        }
        if let Some(email) = &e.contact_email {
            map.insert("contact_email".into(), json!(email));
        }
    }
    object
}

/// Examples as JSON Lines in the import format, one object a line.
pub fn to_json_lines(examples: &[Example]) -> String {
    let mut out = String::new();
    for e in examples {
        out.push_str(&to_import_json(e).to_string());
        out.push('\n');
    }
    out
}

/// The columns of the open-data table.
pub const TABLE_HEADINGS: [&str; 14] = [
    "id",
    "rubrik",
    "sammanfattning",
    "enhet",
    "förvaltning eller bolag",
    "verksamhetsområde",
    "fokusområden",
    "mognad",
    "år",
    "nyckelord",
    "publicerat",
    "ändrat",
    "bekräftat aktuellt",
    "adress",
];

/// A text cell that a spreadsheet will not run as a formula: one beginning `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading apostrophe.
pub fn neutral_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Examples as a table: UTF-8 with a byte order mark, semicolons, one row an example, Swedish
/// labels of the vocabularies, and each example's address under `base`.
pub fn to_table(examples: &[Example], base: &str) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing to memory cannot fail; a row that could not be written is left out.
    let _ = writer.write_record(TABLE_HEADINGS);
    for e in examples {
        let focus: Vec<&str> = e.focus_areas.iter().map(|f| f.label()).collect();
        let row = [
            e.id.to_string(),
            neutral_cell(&e.title),
            neutral_cell(&e.summary),
            neutral_cell(&e.unit),
            neutral_cell(&e.organisation),
            e.area.label().to_owned(),
            focus.join(", "),
            e.maturity.label().to_owned(),
            e.year.to_string(),
            neutral_cell(&e.tags.join(", ")),
            e.created.to_string(),
            e.updated.to_string(),
            e.reviewed.to_string(),
            format!("{base}/exempel/{}", e.id),
        ];
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}
