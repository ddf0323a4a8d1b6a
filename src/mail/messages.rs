//! The mails, in Swedish: a receipt with the unit's private link, a word at each status
//! change with the editors' comment, and a notice of a new submission to editors who asked for
//! one. Each is plain text, and the same as HTML with every submitted text escaped.

use super::outbox::Mail;
use crate::model::{Example, Status};

fn html(paragraphs: &[String]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", ammonia::clean_text(p).replace("&#10;", "<br>")))
        .collect();
    format!("<!DOCTYPE html><html lang=\"sv\"><body>{body}</body></html>")
}

fn mail(to: &str, subject: String, paragraphs: Vec<String>) -> Mail {
    Mail {
        to: to.to_owned(),
        subject,
        text: paragraphs.join("\n\n") + "\n",
        html: html(&paragraphs),
        attempts: 0,
        not_before: 0,
    }
}

const SIGNATURE: &str = "Hälsningar\nRedaktionen för Goda exempel, Stockholms stad";

/// To the unit's contact: the example was received, and its private link.
pub fn receipt(to: &str, example: &Example, link: &str) -> Mail {
    mail(
        to,
        format!("Vi har tagit emot ert exempel: {}", example.title),
        vec![
            format!("Tack för att ni skickade in ”{}”.", example.title),
            "Redaktionen granskar exemplet innan det publiceras. Ni får e-post när något händer."
                .to_owned(),
            format!(
                "Med den här länken ser ni hur granskningen går och kan ändra exemplet tills det har publicerats. Länken är personlig – dela den inte:\n{link}"
            ),
            SIGNATURE.to_owned(),
        ],
    )
}

/// To the unit's contact: the status changed, with the editors' comment.
pub fn status_changed(to: &str, example: &Example, comment: Option<&str>, base: &str) -> Mail {
    let what = match example.status {
        Status::Published => format!(
            "Exemplet ”{}” är publicerat och syns nu för alla i staden:\n{base}/exempel/{}",
            example.title, example.id
        ),
        Status::ChangesRequested => format!(
            "Redaktionen ber er ändra exemplet ”{}” innan det kan publiceras. Öppna det med länken i kvittot ni fick när ni skickade in det.",
            example.title
        ),
        Status::Rejected => format!("Exemplet ”{}” kommer inte att publiceras.", example.title),
        Status::Archived => format!(
            "Exemplet ”{}” är arkiverat och syns inte längre på webbplatsen.",
            example.title
        ),
        Status::Submitted => format!("Exemplet ”{}” väntar på granskning.", example.title),
    };
    let mut paragraphs = vec![what];
    if let Some(comment) = comment.map(str::trim).filter(|c| !c.is_empty()) {
        paragraphs.push(format!("Redaktionens kommentar:\n{comment}"));
    }
    paragraphs.push(SIGNATURE.to_owned());
    mail(
        to,
        format!("{}: {}", example.status.label(), example.title),
        paragraphs,
    )
}

/// To an editor: a new example waits for review.
pub fn new_submission(to: &str, example: &Example, base: &str) -> Mail {
    mail(
        to,
        format!("Nytt exempel att granska: {}", example.title),
        vec![
            format!(
                "{} ({}) har skickat in ”{}”.",
                example.unit, example.organisation, example.title
            ),
            format!("Granska det här:\n{base}/admin/exempel/{}", example.id),
        ],
    )
}

/// To an editor who asked for one notice a day: the examples waiting for review, `new` of
/// them sent in since the last notice (the newest first in the count, the queue oldest first).
pub fn daily_digest(to: &str, waiting: &[Example], new: usize, base: &str) -> Mail {
    let count = |n: usize| {
        if n == 1 {
            "1 exempel".to_owned()
        } else {
            format!("{n} exempel")
        }
    };
    let mut paragraphs = vec![format!(
        "{} väntar på granskning, varav {new} {} sedan förra sammanställningen.",
        count(waiting.len()),
        if new == 1 { "ny" } else { "nya" }
    )];
    for e in waiting {
        paragraphs.push(format!(
            "{} – {}, {} ({})\n{base}/admin/exempel/{}",
            e.title,
            e.unit,
            e.organisation,
            e.status.label(),
            e.id
        ));
    }
    paragraphs.push(format!(
        "Du får den här sammanställningen en gång om dagen. Ändra det på {base}/admin/konto."
    ));
    paragraphs.push(SIGNATURE.to_owned());
    mail(
        to,
        format!("Goda exempel: {} att granska", count(waiting.len())),
        paragraphs,
    )
}

/// To the contact of a unit that reported adopting an example: the report was received, and
/// its private link.
pub fn adoption_receipt(to: &str, example_title: &str, link: &str) -> Mail {
    mail(
        to,
        format!("Vi har tagit emot er rapport om ”{example_title}”"),
        vec![
            format!("Tack för att ni berättade att ni har provat eller infört ”{example_title}”."),
            "Redaktionen läser rapporten innan den visas på exemplets sida.".to_owned(),
            format!(
                "Med den här länken kan ni ändra rapporten. Länken är personlig – dela den inte:\n{link}"
            ),
            SIGNATURE.to_owned(),
        ],
    )
}
