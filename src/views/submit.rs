//! The submission form, its preview, and the unit's private page for a submission.

use maud::{Markup, html};

use super::example::embedded_article;
use super::format::date_sv;
use super::layout::{Nav, page};
use crate::corpus::{FieldError, MAX_NAME_CHARS, MAX_TAG_CHARS, MIN_YEAR};
use crate::index::StoredExample;
use crate::model::{Area, Example, FocusArea, Maturity, Status, Vocabulary};
use crate::model::{MAX_BODY_BYTES, MAX_SUMMARY_CHARS, MAX_TAGS, MAX_TITLE_CHARS};
use crate::submission::{DraftForm, Preview, ReviewRecord};

/// Everything the form page shows.
pub struct FormView<'a> {
    /// What was typed.
    pub form: &'a DraftForm,
    /// Problems to show beside their fields.
    pub errors: &'a [FieldError],
    /// The CSRF token for the hidden field.
    pub csrf: &'a str,
    /// Where the form posts to.
    pub action: &'a str,
    /// Hidden fields to send back (the edit token on the edit page).
    pub hidden: &'a [(&'a str, &'a str)],
    /// The preview, when asked for and the draft is valid.
    /// With it, the published examples like the draft.
    pub preview: Option<&'a Preview>,
    /// The version stored now, shown beside the form after a save that conflicted with it.
    pub stored: Option<&'a StoredExample>,
    /// The latest year allowed.
    pub max_year: i16,
    /// The label of the button that stores the form.
    pub submit_label: &'static str,
    /// The organisations offered for the field `organisation` (a name not among them can
    /// still be typed).
    pub organisations: &'a [String],
}

/// The Swedish message for a field with a problem: what is wrong and what is allowed.
pub fn field_message(field: &str, max_year: i16) -> String {
    match field {
        "title" => format!("Skriv en rubrik på högst {MAX_TITLE_CHARS} tecken, på en rad."),
        "summary" => format!("Skriv en sammanfattning på högst {MAX_SUMMARY_CHARS} tecken, på en rad."),
        "unit" => format!("Skriv enhetens namn, högst {MAX_NAME_CHARS} tecken."),
        "organisation" => format!("Välj förvaltning eller bolag i listan, eller välj ”Annan” och skriv namnet, högst {MAX_NAME_CHARS} tecken."),
        "area" => "Välj ett verksamhetsområde i listan.".into(),
        "focus_areas" => "Välj ett, två eller tre fokusområden.".into(),
        "maturity" => "Välj hur långt exemplet har kommit.".into(),
        "year" => format!("Skriv årtalet med fyra siffror, från {MIN_YEAR} till {max_year}."),
        "tags" => format!("Skriv högst {MAX_TAGS} nyckelord, åtskilda med kommatecken. Varje nyckelord får ha högst {MAX_TAG_CHARS} tecken och bara stå en gång."),
        "contact_name" => format!("Skriv kontaktpersonens namn på en rad, högst {MAX_NAME_CHARS} tecken."),
        "contact_email" => "Skriv en giltig e-postadress, till exempel fornamn.efternamn@stockholm.se.".into(),
        "body" => format!(
            "Beskriv exemplet under rubrikerna. Texten får vara högst {} kB, med listor och citat i högst {} nivåer, högst {} HTML-taggar och tabeller med högst {} celler.",
            MAX_BODY_BYTES / 1024,
            crate::corpus::MAX_NESTING,
            crate::corpus::MAX_HTML_TAGS,
            crate::corpus::MAX_TABLE_CELLS
        ),
        "csrf" => "Sidan hade varit öppen länge, så formuläret behövde förnyas. Inget är skickat ännu, men allt du skrev finns kvar: kontrollera det och skicka igen.".into(),
        "rate" => "Många exempel har skickats in härifrån på kort tid. Vänta en minut och skicka igen – dina uppgifter finns kvar.".into(),
        "revision" => "Någon annan har sparat exemplet medan du skrev. Den sparade versionen visas ovanför formuläret; det du skrev finns kvar här. Jämför, och spara igen för att ersätta den sparade versionen med din.".into(),
        "not_editable" => "Exemplet har hunnit granskas och kan inte längre ändras här. Det du skrev finns kvar nedan: kopiera det och skicka det till redaktionen (se Kontakt längst ner på sidan), så hjälper de dig.".into(),
        "storage" => "Exemplet kunde inte sparas, eftersom tjänsten inte kan skriva till sin lagring just nu. Det du skrev finns kvar här. Försök igen om en stund, eller kontakta redaktionen om felet består.".into(),
        "preview_rate" => "Många förhandsgranskningar har gjorts härifrån på kort tid. Vänta en minut och försök igen – dina uppgifter finns kvar.".into(),
        _ => "Kontrollera uppgiften.".into(),
    }
}

/// The label of each field, for the error summary.
fn field_label(field: &str) -> &'static str {
    match field {
        "title" => "Rubrik",
        "summary" => "Sammanfattning",
        "unit" => "Enhet",
        "organisation" => "Förvaltning eller bolag",
        "area" => "Verksamhetsområde",
        "focus_areas" => "Fokusområden",
        "maturity" => "Mognad",
        "year" => "År",
        "tags" => "Nyckelord",
        "contact_name" => "Kontaktperson",
        "contact_email" => "E-post",
        "body" => "Beskrivning",
        _ => "Formuläret",
    }
}

/// A page title that says first when the form has something to fix (WCAG 3.3.1).
pub(super) fn with_errors(title: &str, v: &FormView<'_>) -> String {
    let mut fields: Vec<&str> = v.errors.iter().map(|e| e.field.as_str()).collect();
    fields.sort_unstable();
    fields.dedup();
    match fields.len() {
        0 => title.to_owned(),
        1 => format!("Fel i formuläret: 1 sak att rätta – {title}"),
        n => format!("Fel i formuläret: {n} saker att rätta – {title}"),
    }
}

/// The id of the element an error summary link goes to.
fn anchor(field: &str) -> String {
    match field {
        "focus_areas" => "focus_areas-0".into(),
        "maturity" => "maturity-0".into(),
        "csrf" | "rate" | "preview_rate" | "revision" | "storage" | "not_editable" => {
            "title".into()
        }
        f => f.to_owned(),
    }
}

struct Field<'a> {
    name: &'a str,
    error: bool,
    hint: Option<&'a str>,
}

impl Field<'_> {
    fn described_by(&self) -> Option<String> {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hjalp", self.name));
        }
        if self.error {
            ids.push(format!("{}-fel", self.name));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn notes(&self, max_year: i16) -> Markup {
        html! {
            @if let Some(hint) = self.hint { p class="hint" id={ (self.name) "-hjalp" } { (hint) } }
            @if self.error {
                p class="field-error" id={ (self.name) "-fel" } { span class="visually-hidden" { "Fel: " } (field_message(self.name, max_year)) }
            }
        }
    }
}

fn text_input(
    v: &FormView<'_>,
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    required: bool,
) -> Markup {
    let f = Field {
        name,
        error: v.errors.iter().any(|e| e.field == name),
        hint,
    };
    // What the field asks for, so that browsers and assistive technology can fill it in.
    let (kind, purpose) = match name {
        "contact_name" => ("text", Some("name")),
        "contact_email" => ("email", Some("email")),
        _ => ("text", None),
    };
    html! {
        div class={ "form-field" @if f.error { " has-error" } } {
            label for=(name) { (label) @if !required { " (frivilligt)" } }
            (f.notes(v.max_year))
            input type=(kind) id=(name) name=(name) value=(value) required[required] autocomplete=[purpose]
                aria-describedby=[f.described_by()] aria-invalid=[f.error.then_some("true")];
        }
    }
}

fn choice_group<V: Vocabulary>(
    v: &FormView<'_>,
    name: &str,
    legend: &str,
    selected: &[String],
    multiple: bool,
    describe: fn(V) -> Option<&'static str>,
) -> Markup {
    let f = Field {
        name,
        error: v.errors.iter().any(|e| e.field == name),
        hint: None,
    };
    let kind = if multiple { "checkbox" } else { "radio" };
    html! {
        fieldset class={ "form-field choices" @if f.error { " has-error" } } aria-describedby=[f.described_by()] {
            legend { (legend) }
            (f.notes(v.max_year))
            @for (i, option) in V::ALL.iter().enumerate() {
                @let id = format!("{name}-{i}");
                @let checked = selected.iter().any(|s| s == option.slug());
                div class="option" {
                    input type=(kind) id=(id) name=(name) value=(option.slug()) checked[checked];
                    label for=(id) {
                        strong { (option.label()) }
                        @if let Some(text) = describe(*option) { br; span class="hint" { (text) } }
                    }
                }
            }
        }
    }
}

fn error_summary(v: &FormView<'_>) -> Markup {
    let mut fields: Vec<&str> = Vec::new();
    for e in v.errors {
        if !fields.contains(&e.field.as_str()) {
            fields.push(&e.field);
        }
    }
    html! {
        @if !fields.is_empty() {
            // Focus moves here when the page loads, so that keyboard and screen-reader users
            // start at the list of what to fix.
            div class="error-summary" role="alert" aria-labelledby="fel-rubrik" tabindex="-1" autofocus {
                h2 id="fel-rubrik" {
                    @if v.submit_label == "Skicka in" {
                        "Något behöver rättas innan exemplet kan skickas"
                    } @else {
                        "Något behöver rättas innan ändringarna kan sparas"
                    }
                }
                ul {
                    @for field in &fields {
                        li { a href={ "#" (anchor(field)) } { (field_label(field)) ": " (field_message(field, v.max_year)) } }
                    }
                }
            }
        }
    }
}

/// The form itself, filled with what was typed.
pub fn submission_form(v: &FormView<'_>) -> Markup {
    let form = v.form;
    let summary_hint = format!(
        "Två–tre meningar: vad, var och vilket resultat. Visas i sökträffarna. Högst {MAX_SUMMARY_CHARS} tecken."
    );
    let body_field = Field {
        name: "body",
        error: v.errors.iter().any(|e| e.field == "body"),
        hint: Some(
            "Skriv under de rubriker som passar ert exempel; ett tomt avsnitt visas inte. En punktlista: börja varje rad med ett bindestreck. En länk: skriv hela adressen, som börjar med https://.",
        ),
    };
    let area_field = Field {
        name: "area",
        error: v.errors.iter().any(|e| e.field == "area"),
        hint: None,
    };
    html! {
        (error_summary(v))
        @if let Some(stored) = v.stored {
            section class="preview" aria-labelledby="sparad-version" {
                h2 id="sparad-version" { "Den sparade versionen" }
                p { "Så här ser exemplet ut efter den andra ändringen. Formuläret nedan har det du skrev. Spara igen för att ersätta den sparade versionen, eller ändra först." }
                div class="preview-frame" { (embedded_article(stored)) }
            }
        }
        script src=(super::similar_script_url()) defer {}
        form class="submission" method="post" action=(v.action) {
            input type="hidden" name="csrf" value=(v.csrf);
            @for (k, val) in v.hidden { input type="hidden" name=(k) value=(val); }
            h2 { "Om exemplet" }
            (text_input(v, "title", "Rubrik", &form.title, Some(&format!("Vad gjorde ni? Högst {MAX_TITLE_CHARS} tecken.")), true))
            div class={ "form-field" @if v.errors.iter().any(|e| e.field == "summary") { " has-error" } } {
                @let f = Field { name: "summary", error: v.errors.iter().any(|e| e.field == "summary"), hint: Some(&summary_hint) };
                label for="summary" { "Sammanfattning" }
                (f.notes(v.max_year))
                textarea id="summary" name="summary" rows="4" required aria-describedby=[f.described_by()] aria-invalid=[f.error.then_some("true")] { (form.summary) }
            }
            div class={ "form-field" @if area_field.error { " has-error" } } {
                label for="area" { "Verksamhetsområde" }
                (area_field.notes(v.max_year))
                select id="area" name="area" required aria-describedby=[area_field.described_by()] aria-invalid=[area_field.error.then_some("true")] {
                    option value="" { "Välj verksamhetsområde" }
                    @for a in Area::ALL {
                        option value=(a.slug()) selected[form.area == a.slug()] { (a.label()) }
                    }
                }
            }
            (choice_group::<FocusArea>(v, "focus_areas", "Fokusområden (välj ett till tre)", &form.focus_areas, true, |f| Some(f.description())))
            (choice_group::<Maturity>(v, "maturity", "Mognad", std::slice::from_ref(&form.maturity), false, |_| None))
            (text_input(v, "year", "År då arbetet gjordes", &form.year, Some("Fyra siffror, till exempel 2025."), true))
            (text_input(v, "tags", "Nyckelord", &form.tags, Some(&format!("Högst {MAX_TAGS}, åtskilda med kommatecken, till exempel: matsvinn, skolmåltider.")), false))
            h2 { "Vem står bakom" }
            (text_input(v, "unit", "Enhet", &form.unit, Some("Till exempel Förskolan Trädkojan eller Kista bibliotek."), true))
            (organisation_field(v, &form.organisation))
            p class="hint" id="kontakt-om" {
                "Kontaktuppgifterna visas med exemplet när det publiceras, så att andra kan fråga om metoden. "
                a href="/personuppgifter" { "Så hanterar vi personuppgifter" } "."
            }
            (text_input(v, "contact_name", "Kontaktperson", &form.contact_name, None, false))
            (text_input(v, "contact_email", "E-post till kontaktpersonen", &form.contact_email, None, false))
            h2 { "Beskrivning" }
            (sections_field(&form.body, &body_field, v.max_year))
            div class="form-actions" {
                button type="submit" name="action" value="preview" class="secondary" { "Förhandsgranska" }
                button type="submit" name="action" value="submit" { (v.submit_label) }
            }
        }
    }
}

/// The organisation: one of the city's administrations and companies, or "Annan" with the
/// name written in the field beside it (both work without JavaScript; a name the list knows
/// is chosen in it, any other goes to the text field).
fn organisation_field(v: &FormView<'_>, chosen: &str) -> Markup {
    use crate::submission::OTHER_ORGANISATION;
    let f = Field {
        name: "organisation",
        error: v.errors.iter().any(|e| e.field == "organisation"),
        hint: Some("Den förvaltning eller det bolag som enheten hör till."),
    };
    let listed = v.organisations.iter().any(|o| o == chosen);
    let other = v.form.organisation_other || (!listed && !chosen.trim().is_empty());
    let other_described = if f.error && other {
        "organisation_annan-hjalp organisation-fel"
    } else {
        "organisation_annan-hjalp"
    };
    html! {
        div class={ "form-field" @if f.error { " has-error" } } {
            label for="organisation" { "Förvaltning eller bolag" }
            (f.notes(v.max_year))
            select id="organisation" name="organisation" required
                aria-describedby=[f.described_by()] aria-invalid=[f.error.then_some("true")] {
                option value="" { "Välj förvaltning eller bolag" }
                @for o in v.organisations {
                    option value=(o) selected[o == chosen] { (o) }
                }
                option value=(OTHER_ORGANISATION) selected[other] { "Annan (skriv namnet nedan)" }
            }
        }
        div class="form-field" {
            label for="organisation_annan" { "Om du valde Annan: förvaltningens eller bolagets namn" }
            p class="hint" id="organisation_annan-hjalp" { "Skriv hela namnet, till exempel Nacka kommun." }
            input type="text" id="organisation_annan" name="organisation_annan" autocomplete="organization"
                value=[other.then_some(chosen)] aria-describedby=(other_described)
                aria-invalid=[(f.error && other).then_some("true")];
        }
    }
}

/// The description, one field per recommended section with its line of guidance, and a last
/// one for text under other headings; the server assembles them into the Markdown body.
/// (With JavaScript each field also counts its characters and offers list, bold and link
/// buttons.)
fn sections_field(body: &str, f: &Field<'_>, max_year: i16) -> Markup {
    use crate::submission::{OTHER_TEXT, SECTIONS, split_sections};
    let (sections, other) = split_sections(body);
    html! {
        fieldset id="body" tabindex="-1" class={ "form-field sections" @if f.error { " has-error" } }
            aria-describedby=[f.described_by()] {
            legend { "Beskrivning av exemplet" }
            (f.notes(max_year))
            @for ((key, heading, guidance), text) in SECTIONS.iter().zip(&sections) {
                div class="section-field" {
                    label for={ "avsnitt_" (key) } { (heading) }
                    p class="hint" id={ "avsnitt_" (key) "-hjalp" } { (guidance) }
                    textarea id={ "avsnitt_" (key) } name={ "avsnitt_" (key) } rows="5" data-section
                        aria-describedby={ "avsnitt_" (key) "-hjalp" @if f.error { " body-fel" } } aria-invalid=[f.error.then_some("true")] { (text) }
                }
            }
            div class="section-field" {
                label for={ "avsnitt_" (OTHER_TEXT) } { "Annat om exemplet (frivilligt)" }
                p class="hint" id={ "avsnitt_" (OTHER_TEXT) "-hjalp" } {
                    "Det som inte passar under rubrikerna ovan. Egna rubriker skrivs på en egen rad som börjar med ## och ett mellanslag."
                }
                textarea id={ "avsnitt_" (OTHER_TEXT) } name={ "avsnitt_" (OTHER_TEXT) } rows="4" data-section
                    aria-describedby={ "avsnitt_" (OTHER_TEXT) "-hjalp" @if f.error { " body-fel" } } aria-invalid=[f.error.then_some("true")] { (other) }
            }
        }
    }
}

fn preview_section(v: &FormView<'_>) -> Markup {
    html! {
        @if let Some(Preview { example: stored, similar }) = v.preview {
            section class="preview" aria-labelledby="forhandsvisning" {
                h2 id="forhandsvisning" { "Förhandsgranskning" }
                p { "Så här kommer exemplet att se ut när det har publicerats. Ändra i formuläret nedan, eller skicka in." }
                div class="preview-frame" { (embedded_article(stored)) }
            }
            section class="similar-now" aria-labelledby="liknande-nu" {
                h2 id="liknande-nu" { "Liknande exempel som redan finns" }
                @if similar.is_empty() {
                    p { "Vi hittade inga liknande exempel." }
                } @else {
                    p { "Läs gärna dem först – kanske kan ni lära av varandra. Du kan ändå skicka in ditt exempel." }
                    ul {
                        @for hit in similar {
                            li { a href={ "/exempel/" (hit.example.id) } { (hit.example.title) } " – " (hit.example.unit) }
                        }
                    }
                }
            }
        }
    }
}

/// `/skicka`: the form for a new example.
pub fn submit_page(v: &FormView<'_>) -> Markup {
    page(
        &with_errors("Skicka in ett exempel", v),
        Nav::Submit,
        html! {
            h1 { "Skicka in ett exempel" }
            p class="lead" {
                "Berätta om en förbättring eller innovation som har fungerat hos er, så att fler enheter kan använda den. "
                "Exemplet granskas av redaktionen innan det publiceras."
            }
            (preview_section(v))
            (submission_form(v))
        },
    )
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Submitted => "Inskickat – väntar på granskning.",
        Status::ChangesRequested => "Redaktionen ber dig ändra något. Se kommentaren nedan.",
        Status::Published => "Publicerat.",
        Status::Rejected => "Avböjt.",
        Status::Archived => "Arkiverat.",
    }
}

/// A confirmation shown at the top of the unit's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The submission was just stored.
    Sent,
    /// An edit was just saved.
    Saved,
    /// The unit just confirmed its published example current.
    Confirmed,
    /// A confirmation was refused: the example changed since the page was opened.
    Changed,
    /// A confirmation's form had expired.
    Expired,
    /// An update of the published example was sent for review.
    UpdateSent,
}

/// What the unit's page offers for a published example: confirming it current.
pub struct Currency<'a> {
    /// Whether it is due for review.
    pub due: bool,
    pub csrf: &'a str,
    /// The private token, posted back with the confirmation.
    pub token: &'a str,
    /// The revision the confirmation is made on.
    pub revision: &'a str,
    /// The page that opens the form to update the example.
    pub update_link: String,
    /// Whether an update the unit sent waits for review.
    pub pending: bool,
}

/// The unit's private page of its example.
pub struct UnitView<'a> {
    pub example: &'a Example,
    pub record: &'a ReviewRecord,
    /// The private link, absolute.
    pub link: &'a str,
    pub notice: Option<Notice>,
    /// The form, while the unit may edit (or asked to update a published example).
    pub form: Option<&'a FormView<'a>>,
    /// For a published example: its confirmation.
    pub currency: Option<Currency<'a>>,
    /// The adoptions of the example that organisers approved.
    pub adoptions: &'a [crate::model::Adoption],
}

/// The unit's page of its submission, opened through the private link.
pub fn edit_page(view: &UnitView<'_>) -> Markup {
    let UnitView {
        example,
        record,
        link,
        notice,
        form,
        ..
    } = *view;
    // The unit's own notes (updates, confirmations) are in the history, not comments to it.
    let comments: Vec<_> = record
        .history
        .iter()
        .filter(|c| c.comment.is_some() && c.by != "enheten")
        .collect();
    let title = match form {
        Some(v) => with_errors("Ditt inskickade exempel", v),
        None => "Ditt inskickade exempel".to_owned(),
    };
    page(
        &title,
        Nav::Submit,
        html! {
            @match notice {
                Some(Notice::Sent) => div class="notice success" role="status" {
                    h2 { "Tack! Exemplet är inskickat." }
                    p { "Spara länken nedan. Med den kan du se hur granskningen går och ändra exemplet tills det har publicerats. Länken är personlig – dela den inte." }
                },
                Some(Notice::Saved) => div class="notice success" role="status" {
                    p { strong { "Ändringarna är sparade." } }
                },
                Some(Notice::Confirmed) => div class="notice success" role="status" {
                    p { strong { "Tack! Exemplet är bekräftat som aktuellt." } }
                },
                Some(Notice::Changed) => div class="error-summary" role="alert" {
                    p { "Exemplet hade ändrats sedan sidan öppnades, så inget bekräftades. Se hur det ser ut nu och bekräfta igen." }
                },
                Some(Notice::Expired) => div class="error-summary" role="alert" {
                    p { "Sidan hade varit öppen länge, så inget bekräftades. Försök igen." }
                },
                Some(Notice::UpdateSent) => div class="notice success" role="status" {
                    p { strong { "Tack! Uppdateringen är skickad till redaktionen." } " Exemplet visas som förut tills de har granskat den." }
                },
                None => {},
            }
            h1 { (example.title) }
            dl class="facts" {
                dt { "Status" } dd { (status_text(example.status)) }
                dt { "Inskickat" } dd { (date_sv(example.created)) }
                @if example.status == Status::Published {
                    dt { "Bekräftat aktuellt" } dd { (date_sv(example.reviewed)) }
                }
                dt { "Din länk" }
                dd {
                    a href=(link) { "Öppna ditt exempel" } " "
                    code class="link-text" id="din-lank" { (link) } " "
                    button type="button" class="secondary" data-copy="din-lank" hidden { "Kopiera länken" }
                }
            }
            @if !comments.is_empty() {
                h2 { "Kommentarer från redaktionen" }
                ul {
                    @for c in &comments {
                        li { (c.at.get(..10).unwrap_or(&c.at)) ": " (c.comment.as_deref().unwrap_or_default()) }
                    }
                }
            }
            @if example.status == Status::Published {
                p { a href={ "/exempel/" (example.id) } { "Se det publicerade exemplet" } }
            }
            @if let Some(c) = &view.currency {
                section aria-labelledby="aktuellt" {
                    h2 id="aktuellt" { "Är exemplet fortfarande aktuellt?" }
                    @if c.due {
                        p class="notice warning" {
                            "Uppgifterna bekräftades senast " (date_sv(example.reviewed))
                            ". Läsarna ser nu att exemplet kan vara inaktuellt. Bekräfta att det stämmer, eller uppdatera det."
                        }
                    } @else {
                        p { "Bekräfta gärna när ni har sett över exemplet, så vet läsarna att det stämmer." }
                    }
                    @if c.pending {
                        p class="notice" { "Er uppdatering väntar på granskning. Öppna den med ”Uppdatera” om ni vill ändra den innan redaktionen har läst den." }
                    }
                    form method="post" action={ "/redigera/" (example.id) "/aktuellt" } class="inline" {
                        input type="hidden" name="csrf" value=(c.csrf);
                        input type="hidden" name="nyckel" value=(c.token);
                        input type="hidden" name="revision" value=(c.revision);
                        button type="submit" { "Fortfarande aktuellt" }
                    }
                    @if form.is_none() {
                        " "
                        a class="button secondary" href=(c.update_link) { "Uppdatera" }
                    }
                }
            }
            @if !view.adoptions.is_empty() {
                (super::adoption::adoption_list(view.adoptions, "Enheter som har provat eller infört exemplet"))
            }
            @if let Some(v) = form {
                h2 id="andra" { @if example.status == Status::Published { "Uppdatera exemplet" } @else { "Ändra exemplet" } }
                @if example.status == Status::Published {
                    p { "Redaktionen granskar uppdateringen innan den syns. Till dess visas exemplet som förut." }
                }
                (preview_section(v))
                (submission_form(v))
            } @else if view.currency.is_none() {
                p {
                    "Exemplet har granskats och kan inte längre ändras här. Vill du ändra något? "
                    a href="/kontakt" { "Kontakta redaktionen" } ", så hjälper de dig."
                }
            }
        },
    )
}
