//! The organisers' pages: login, the review queue, one example under review.

use maud::{Markup, html};

use super::components::vocabulary_select;
use super::example::embedded_article;
use super::format::date_sv;
use super::layout::{Nav, page};
use crate::corpus::Problem;
use crate::index::StoredExample;
use crate::model::{Status, Vocabulary};
use crate::submission::{ListFilter, Listed, Queued, StatusChange};

/// `/login`: the login form, with a message after a failed try.
/// The ways an organiser may log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginWays {
    /// With the city's account (OpenID Connect).
    pub city: bool,
    /// With a name and password of the config file.
    pub password: bool,
}

/// `/login`: the city login first when there is one, the password form when it is allowed.
pub fn login_page(csrf: &str, next: &str, message: Option<&str>, ways: LoginWays) -> Markup {
    let city_href = format!(
        "/login/oidc?{}",
        form_urlencoded::Serializer::new(String::new())
            .append_pair("next", next)
            .finish()
    );
    page(
        if message.is_some() {
            "Fel vid inloggningen"
        } else {
            "Logga in"
        },
        Nav::None,
        html! {
            h1 { "Logga in som redaktör" }
            @if let Some(m) = message {
                div class="error-summary" role="alert" tabindex="-1" { p { (m) } }
            }
            @if ways.city {
                p { a class="button" href=(city_href) { "Logga in med ditt konto i Stockholms stad" } }
            }
            @if ways.password {
                @if ways.city {
                    h2 { "Eller med ett lösenord för Goda exempel" }
                }
                form class="submission" method="post" action="/login" {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="next" value=(next);
                    div class="form-field" {
                        label for="name" { "Användarnamn" }
                        input type="text" id="name" name="name" autocomplete="username" required;
                    }
                    div class="form-field" {
                        label for="password" { "Lösenord" }
                        input type="password" id="password" name="password" autocomplete="current-password" required;
                    }
                    button type="submit" { "Logga in" }
                }
            }
            @if !ways.city && !ways.password {
                p { "Inloggningen är avstängd. Kontakta den som driver webbplatsen." }
            }
        },
    )
}

/// The page that ends a city login: it moves on at once to `next` (a navigation begun here
/// carries the session cookie, which the provider's redirect would not), with a link for a
/// browser that does not follow the refresh.
pub fn logged_in_page(name: &str, next: &str) -> Markup {
    let head = crate::views::layout::Head {
        description: None,
        canonical: None,
        open_graph: false,
        refresh: Some(next),
    };
    crate::views::layout::page_with_head(
        "Inloggad",
        Nav::None,
        None,
        &head,
        html! {
            h1 { "Du är inloggad" }
            p { "Inloggad som " strong { (name) } "." }
            p { a href=(next) { "Fortsätt till granskningen" } }
        },
    )
}

pub(super) fn logout(csrf: &str, name: &str) -> Markup {
    html! {
        form method="post" action="/logout" class="logout" {
            input type="hidden" name="csrf" value=(csrf);
            "Inloggad som " strong { (name) } " "
            button type="submit" class="secondary" { "Logga ut" }
        }
    }
}

/// The top of an organiser's page: who is logged in, and the way back to the queue.
pub fn admin_header(csrf: &str, name: &str) -> Markup {
    html! {
        (logout(csrf, name))
        p { a href="/admin" { "← Till granskningen" } }
    }
}

/// An organiser's page with `body` under `title`.
pub fn admin_page(title: &str, body: Markup) -> Markup {
    page(title, Nav::None, body)
}

/// `/admin/exempel/{id}/uppdatering`: a unit's update of its published example beside the
/// version published now, with the buttons to publish or decline it.
pub fn update_review_page(
    (name, csrf): (&str, &str),
    (current, update): (&crate::index::StoredExample, &crate::index::StoredExample),
    message: Option<&str>,
) -> Markup {
    let id = &current.example.id;
    page(
        &format!("Uppdatering: {}", current.example.title),
        Nav::None,
        html! {
            (logout(csrf, name))
            p { a href="/admin" { "← Till granskningen" } }
            h1 { "Uppdatering från enheten" }
            (super::components::save_message(message.map(Err)))
            p { "Enheten har skickat en ny version av exemplet. Läs den och jämför med den publicerade versionen längre ner. Publicerar ni den ersätter den det publicerade exemplet, som då räknas som bekräftat i dag." }
            form method="post" action={ "/admin/exempel/" (id) "/uppdatering" } class="submission" {
                input type="hidden" name="csrf" value=(csrf);
                div class="form-field" {
                    label for="comment" { "Kommentar till enheten" }
                    p class="hint" id="comment-hint" { "Behövs om ni inte publicerar uppdateringen: säg varför." }
                    textarea id="comment" name="comment" rows="3" maxlength="2000" aria-describedby="comment-hint" {}
                }
                div class="form-actions" {
                    button type="submit" name="beslut" value="publicera" { "Publicera uppdateringen" }
                    button type="submit" class="secondary" name="beslut" value="avboj" { "Publicera inte" }
                }
            }
            section aria-labelledby="ny-version" {
                h2 id="ny-version" { "Den nya versionen" }
                div class="preview-frame" { (super::example::embedded_article(update)) }
            }
            section aria-labelledby="publicerad-version" {
                h2 id="publicerad-version" { "Den publicerade versionen" }
                div class="preview-frame" { (super::example::embedded_article(current)) }
            }
        },
    )
}

/// `/admin/oversyn`: the published examples due for review, longest unconfirmed first.
pub fn due_list(examples: &[crate::model::Example], months: u32) -> Markup {
    html! {
        h1 { "Exempel som behöver ses över" }
        p {
            "Exemplen nedan bekräftades senast för mer än " (months) " månader sedan. Läsarna ser att de kan vara inaktuella. "
            "Enheten bekräftar eller uppdaterar exemplet med sin personliga länk; då försvinner det från listan."
        }
        @if examples.is_empty() {
            p { "Inga exempel behöver ses över just nu." }
        } @else {
            table {
                caption { (examples.len()) " exempel, det som bekräftades längst tillbaka först" }
                thead { tr { th scope="col" { "Exempel" } th scope="col" { "Enhet" } th scope="col" { "Bekräftat senast" } th scope="col" { "Kontakt" } } }
                tbody {
                    @for e in examples {
                        tr {
                            td { a href={ "/admin/exempel/" (e.id) } { (e.title) } }
                            td { (e.unit) ", " (e.organisation) }
                            td { (date_sv(e.reviewed)) }
                            td {
                                @if let Some(mail) = &e.contact_email { a href={ "mailto:" (mail) } { (mail) } }
                                @else { "–" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `/admin`: the review queue, oldest first, and the corpus files that failed validation.
pub fn queue_page(
    name: &str,
    csrf: &str,
    (queue, updates): (&[Queued], &[(crate::model::ExampleId, String)]),
    problems: &[Problem],
) -> Markup {
    page(
        "Granskning",
        Nav::None,
        html! {
            (logout(csrf, name))
            ul class="admin-links" {
                li { a href="/admin/exempel" { "Alla exempel" } }
                li { a href="/admin/massa" { "Goda exempelmässan: bygg katalogen" } }
                li { a href="/admin/synonymer" { "Synonymer för sökningen" } }
                li { a href="/admin/organisationer" { "Förvaltningar och bolag" } }
                li { a href="/admin/spridning" { "Rapporter om införda exempel" } }
                li { a href="/admin/oversyn" { "Exempel som behöver ses över" } }
                li { a href="/admin/utmarkelser" { "Utmärkelser" } }
                li { a href="/admin/konto" { "Mina aviseringar" } }
            }
            h1 { "Att granska" }
            @if queue.is_empty() {
                p { "Inga exempel väntar på granskning." }
            } @else {
                p { (queue.len()) " exempel väntar, äldst först." }
                ol class="hits" {
                    @for item in queue {
                        @let e = &item.example;
                        li class="hit" {
                            h2 { a href={ "/admin/exempel/" (e.id) } { (e.title) } }
                            p class="meta" { (e.unit) ", " (e.organisation) " · " (e.status.label()) " · inskickat " (date_sv(e.created)) }
                            @if !item.similar.is_empty() {
                                details {
                                    summary { "Liknande publicerade exempel (" (item.similar.len()) ")" }
                                    ul {
                                        @for hit in &item.similar {
                                            li { a href={ "/exempel/" (hit.example.id) } { (hit.example.title) } " – " (hit.example.unit) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !updates.is_empty() {
                h2 { "Uppdateringar av publicerade exempel" }
                p { "Enheterna har skickat nya versioner av exemplen nedan. Det publicerade exemplet visas som förut tills ni har granskat uppdateringen." }
                ul {
                    @for (id, title) in updates {
                        li { a href={ "/admin/exempel/" (id) "/uppdatering" } { (title) } }
                    }
                }
            }
            h2 { "Filer som inte gick att läsa" }
            @if problems.is_empty() {
                p { "Alla filer i exempelsamlingen är giltiga." }
            } @else {
                p { "Filerna nedan publiceras inte förrän de är rättade. Varje rad säger fil, rad och fält, med samma beskrivning som kontrollen " code { "goda check" } " ger." }
                ul {
                    @for p in problems { li { code { (p.to_string()) } } }
                }
            }
        },
    )
}

fn history_table(history: &[StatusChange]) -> Markup {
    html! {
        table {
            caption { "Statushistorik" }
            thead { tr { th scope="col" { "När" } th scope="col" { "Vem" } th scope="col" { "Från" } th scope="col" { "Till" } th scope="col" { "Kommentar" } } }
            tbody {
                @for c in history {
                    tr {
                        td { (c.at.get(..16).unwrap_or(&c.at).replace('T', " ")) }
                        td { (c.by) }
                        td { (c.from.map(|s| s.label()).unwrap_or("–")) }
                        td { (c.to.label()) }
                        td { (c.comment.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    }
}

/// What the review page says above the example.
#[derive(Debug, Clone, Copy)]
pub enum ReviewNotice<'a> {
    /// A change was saved.
    Saved(&'a str),
    /// A change was refused, and why.
    Problem(&'a str),
    /// A change that cannot be undone easily waits for the organiser to confirm it.
    Confirm { to: Status, comment: &'a str },
}

/// `/admin/exempel/{id}`: the example as it would be published, its history, and the allowed
/// status changes (none chosen in advance).
pub fn review_page(
    name: &str,
    csrf: &str,
    stored: &StoredExample,
    history: &[StatusChange],
    notice: Option<ReviewNotice<'_>>,
    revision: &str,
) -> Markup {
    let e = &stored.example;
    let targets: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|to| crate::submission::allowed(e.status, *to))
        .collect();
    let action = format!("/admin/exempel/{}/status", e.id);
    page(
        &format!("Granska: {}", e.title),
        Nav::None,
        html! {
            (logout(csrf, name))
            p { a href="/admin" { "← Till granskningskön" } }
            h1 { "Granska: " (e.title) }
            @match notice {
                Some(ReviewNotice::Saved(m)) => div class="notice success" role="status" { p { (m) } },
                Some(ReviewNotice::Problem(m)) => div class="notice" role="alert" { p { (m) } },
                Some(ReviewNotice::Confirm { to, comment }) => (confirmation(e, to, comment, (csrf, revision), &action)),
                None => {},
            }
            dl class="facts" {
                dt { "Status" } dd { (e.status.label()) }
                dt { "Id" } dd { code { (e.id) } }
                @if e.is_public() {
                    dt { "Publik sida" } dd { a href={ "/exempel/" (e.id) } { "/exempel/" (e.id) } }
                }
            }
            @if !targets.is_empty() {
                form class="submission" method="post" action=(action) {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="revision" value=(revision);
                    fieldset class="form-field choices" {
                        legend { "Ändra status" }
                        @for (i, to) in targets.iter().enumerate() {
                            div class="option" {
                                input type="radio" id={ "status-" (i) } name="status" value=(to.slug()) required;
                                label for={ "status-" (i) } { (to.action_label()) }
                            }
                        }
                    }
                    div class="form-field" {
                        label for="comment" { "Kommentar till enheten" }
                        p class="hint" id="comment-hjalp" { "Krävs när du begär ändringar eller avböjer." }
                        textarea id="comment" name="comment" rows="4" aria-describedby="comment-hjalp" {}
                    }
                    button type="submit" { "Spara status" }
                }
            }
            p { a href={ "/admin/exempel/" (e.id) "/redigera" } { "Redigera exemplets uppgifter" } }
            (history_table(history))
            h2 { "Så ser exemplet ut" }
            div class="preview-frame" { (embedded_article(stored)) }
        },
    )
}

/// The second step of publishing, archiving or rejecting: what it means, and a button that
/// does it.
fn confirmation(
    e: &crate::model::Example,
    to: Status,
    comment: &str,
    (csrf, revision): (&str, &str),
    action: &str,
) -> Markup {
    let (question, consequence, button) = match to {
        Status::Published => (
            "Vill du publicera exemplet?",
            "Det blir sökbart och syns för alla på webbplatsen, med kontaktpersonens namn och e-postadress. Enheten får besked med e-post om att exemplet är publicerat.",
            "Ja, publicera exemplet",
        ),
        Status::Archived => (
            "Vill du arkivera exemplet?",
            "Det försvinner från sökningen och från alla publika sidor. Du kan publicera det igen senare.",
            "Ja, arkivera exemplet",
        ),
        _ => (
            "Vill du avböja exemplet?",
            "Enheten får veta att exemplet inte publiceras, och ser din kommentar. Ett avböjt exempel kan inte publiceras senare.",
            "Ja, avböj exemplet",
        ),
    };
    html! {
        section class="notice confirm" aria-labelledby="bekrafta-rubrik" {
            h2 id="bekrafta-rubrik" tabindex="-1" { (question) }
            p { "”" (e.title) "”. " (consequence) }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="revision" value=(revision);
                input type="hidden" name="status" value=(to.slug());
                input type="hidden" name="comment" value=(comment);
                input type="hidden" name="confirm" value="ja";
                button type="submit" { (button) }
                " "
                a href={ "/admin/exempel/" (e.id) } { "Avbryt" }
            }
        }
    }
}

/// `/admin/exempel/{id}/redigera`: the example's fields in the submission form.
/// `spread_hint`: units in at least two other organisations have adopted the example, so
/// its maturity could be "spritt till fler enheter" (the organisers decide).
pub fn admin_edit_page(
    (name, csrf): (&str, &str),
    form: &super::FormView<'_>,
    title: &str,
    spread_hint: bool,
) -> Markup {
    page(
        &super::submit::with_errors(&format!("Redigera: {title}"), form),
        Nav::None,
        html! {
            (logout(csrf, name))
            h1 { "Redigera exemplet" }
            @if spread_hint && form.form.maturity != crate::model::Maturity::Spritt.slug() {
                p class="notice" {
                    strong { "Spritt till fler enheter? " }
                    "Enheter i minst två andra förvaltningar eller bolag har rapporterat att de har infört exemplet. Ni avgör om mognaden ska ändras."
                }
            }
            (super::submit::submission_form(form))
        },
    )
}

/// The organisers' list of every example.
pub struct ExamplesAdminView<'a> {
    pub organiser: &'a str,
    pub csrf: &'a str,
    pub filter: &'a ListFilter,
    pub listed: &'a Listed,
    /// The page shown, from 0.
    pub page: usize,
    pub per_page: usize,
}

/// `/admin/exempel`: every example whatever its status, filtered, most recently changed first.
pub fn examples_admin_page(v: &ExamplesAdminView<'_>) -> Markup {
    let f = v.filter;
    let pages = v.listed.total.div_ceil(v.per_page).max(1);
    let link = |page: usize| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, val) in [
            ("q", f.q.as_str()),
            ("status", f.status.map_or("", |s| s.slug())),
            ("area", f.area.map_or("", |a| a.slug())),
            ("organisation", f.organisation.as_str()),
        ] {
            if !val.is_empty() {
                s.append_pair(k, val);
            }
        }
        s.append_pair("sida", &(page + 1).to_string());
        format!("/admin/exempel?{}", s.finish())
    };
    let chosen: Vec<&str> = [
        f.status.map(|s| s.label()),
        f.area.map(|a| a.label()),
        (!f.organisation.is_empty()).then_some(f.organisation.as_str()),
        (!f.q.trim().is_empty()).then_some(f.q.trim()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut title = if chosen.is_empty() {
        "Alla exempel".to_owned()
    } else {
        format!("Exempel, filter: {}", chosen.join(", "))
    };
    if pages > 1 {
        title.push_str(&format!(", sida {} av {pages}", v.page + 1));
    }
    page(
        &title,
        Nav::None,
        html! {
            (logout(v.csrf, v.organiser))
            p { a href="/admin" { "← Till granskningskön" } }
            h1 { "Alla exempel" }
            form class="admin-filters" method="get" action="/admin/exempel" role="search" {
                div class="form-field" {
                    label for="q" { "Sök i rubrik, enhet, organisation och nyckelord" }
                    input type="search" id="q" name="q" value=(f.q);
                }
                (vocabulary_select("form-field", "status", "Status", f.status))
                (vocabulary_select("form-field", "area", "Verksamhetsområde", f.area))
                div class="form-field" {
                    label for="organisation" { "Förvaltning eller bolag" }
                    select id="organisation" name="organisation" {
                        option value="" { "Alla" }
                        @for o in &v.listed.organisations {
                            option value=(o) selected[*o == f.organisation] { (o) }
                        }
                    }
                }
                button type="submit" { "Visa" }
            }
            p role="status" { (v.listed.total) " exempel" @if pages > 1 { ", sida " (v.page + 1) " av " (pages) } "." }
            @if !v.listed.examples.is_empty() {
                table class="admin-list" {
                    caption class="visually-hidden" { "Exempel, senast ändrade först" }
                    thead { tr { th scope="col" { "Rubrik" } th scope="col" { "Enhet" } th scope="col" { "Status" } th scope="col" { "Ändrat" } } }
                    tbody {
                        @for e in &v.listed.examples {
                            tr {
                                td { a href={ "/admin/exempel/" (e.id) } { (e.title) } }
                                td { (e.unit) ", " (e.organisation) }
                                td { (e.status.label()) }
                                td { (date_sv(e.updated)) }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav aria-label="Sidor" class="pagination" {
                    @if v.page > 0 { a href=(link(v.page - 1)) rel="prev" { "← Föregående sida" } " " }
                    @if v.page + 1 < pages { a href=(link(v.page + 1)) rel="next" { "Nästa sida →" } }
                }
            }
        },
    )
}

/// What `/admin/konto` shows: the organiser's address, the choices of notices as (slug,
/// label), and the slug chosen.
pub struct AccountView<'a> {
    pub email: &'a str,
    pub choices: &'a [(&'static str, &'static str)],
    pub chosen: &'a str,
    /// Whether the site sends mail at all.
    pub mail_on: bool,
}

/// `/admin/konto`: where and how often the organiser hears of new submissions.
pub fn account_page(
    name: &str,
    csrf: &str,
    v: &AccountView<'_>,
    message: Option<Result<&str, &str>>,
) -> Markup {
    let (email, mail_on) = (v.email, v.mail_on);
    let failed = matches!(message, Some(Err(_)));
    page(
        if failed {
            "Fel: Mina aviseringar"
        } else {
            "Mina aviseringar"
        },
        Nav::None,
        html! {
            (logout(csrf, name))
            p { a href="/admin" { "← Till granskningen" } }
            h1 { "Mina aviseringar" }
            (super::components::save_message(message))
            @if !mail_on {
                p { "Webbplatsen skickar ingen e-post just nu (ingen e-postserver är inställd). Dina val gäller när den är det." }
            }
            form class="submission" method="post" action="/admin/konto" {
                input type="hidden" name="csrf" value=(csrf);
                div class={ "form-field" @if failed { " has-error" } } {
                    label for="email" { "Din e-postadress" }
                    p class="hint" id="email-hint" { "Hit skickas aviseringarna om nya exempel att granska." }
                    input type="email" id="email" name="email" value=(email) autocomplete="email" aria-describedby="email-hint" aria-invalid=[failed.then_some("true")];
                }
                fieldset class="form-field choices" {
                    legend { "Hur vill du få veta att något har skickats in?" }
                    @for (i, (slug, label)) in v.choices.iter().enumerate() {
                        div class="option" {
                            input type="radio" id={ "notices-" (i) } name="notices" value=(slug) checked[*slug == v.chosen];
                            label for={ "notices-" (i) } { (label) }
                        }
                    }
                }
                button type="submit" { "Spara" }
            }
        },
    )
}
