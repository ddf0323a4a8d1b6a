//! The organisers' daily notice: once a day, from [`DIGEST_HOUR`] Stockholm time, every
//! organiser who chose it gets one mail listing the examples waiting for review. The day is
//! marked in the outbox's folder (atomically) before the mails are queued, so that no day gets
//! two notices, even when queueing fails (that day's is then lost, and logged); a server that
//! was down at the hour sends it when it comes back. With nothing waiting, no mail is sent.

use jiff::civil::Date;

use super::Submissions;
use crate::corpus::{CorpusError, WriteMode, write_atomically};
use crate::mail::{Outbox, daily_digest};

/// The hour (Stockholm time) from which the day's notice is sent.
pub const DIGEST_HOUR: i8 = 7;
/// The file in the outbox's folder with the day of the last notice.
const LAST_DIGEST: &str = "senaste-sammanstallning.txt";

/// The day the last notice went out, if one has.
fn last_sent(outbox: &Outbox) -> Option<Date> {
    std::fs::read_to_string(outbox.dir().join(LAST_DIGEST))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Now in Stockholm (the machine's own time zone when the time zone database lacks it).
pub fn stockholm_now() -> jiff::Zoned {
    let now = jiff::Zoned::now();
    match jiff::tz::TimeZone::get("Europe/Stockholm") {
        Ok(tz) => now.with_time_zone(tz),
        Err(_) => now,
    }
}

/// Queues the day's notice to `recipients` when it is due at `now`: the mails queued, or 0.
///
/// On `Err` the day's mark (nothing is queued, and it is tried again at the next call) or a
/// mail (the day is marked: no second notice that day) could not be written.
pub fn send_if_due(
    submissions: &Submissions,
    outbox: &Outbox,
    recipients: &[String],
    base: &str,
    now: &jiff::Zoned,
) -> Result<usize, CorpusError> {
    let today = now.date();
    let last = last_sent(outbox);
    if recipients.is_empty() || now.hour() < DIGEST_HOUR || last.is_some_and(|d| d >= today) {
        return Ok(0);
    }
    let waiting = submissions.queue(today)?;
    let new = waiting
        .iter()
        .filter(|e| last.is_none_or(|d| e.updated >= d || e.created >= d))
        .count();
    std::fs::create_dir_all(outbox.dir()).map_err(|source| CorpusError::Write {
        path: outbox.dir().to_owned(),
        source,
    })?;
    write_atomically(
        outbox.dir(),
        LAST_DIGEST,
        format!("{today}\n").as_bytes(),
        WriteMode::Replace,
    )?;
    let mut sent = 0;
    if !waiting.is_empty() {
        for to in recipients {
            outbox.queue(&daily_digest(to, &waiting, new, base))?;
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, hour: i8) -> jiff::Zoned {
        let d: Date = date.parse().unwrap();
        d.at(hour, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
    }

    fn corpus_with_one_waiting() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("larcafe.md"),
            "+++\nid = \"larcafe\"\ntitle = \"Lärcaféer\"\nsummary = \"Pedagoger delar metoder.\"\n\
             unit = \"Förskolan Ugglan\"\norganisation = \"Bromma stadsdelsförvaltning\"\n\
             area = \"forskola\"\nfocus_areas = [\"metoder\"]\nmaturity = \"pilot\"\nyear = 2026\n\
             status = \"submitted\"\ncreated = 2026-12-01\nupdated = 2026-12-01\n+++\n\nText.\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn the_notice_goes_out_once_a_day_from_the_hour_and_only_with_something_waiting() {
        let corpus = corpus_with_one_waiting();
        let submissions = Submissions::new(corpus.path());
        let outbox = Outbox::new(corpus.path().join(crate::mail::OUTBOX_DIR));
        let to = vec!["anna@stockholm.example".to_owned()];
        let base = "https://goda.example.se";
        let send = |now| send_if_due(&submissions, &outbox, &to, base, &now).unwrap();
        assert_eq!(send(at("2026-12-02", 6)), 0, "not before the hour");
        assert_eq!(send(at("2026-12-02", 7)), 1);
        assert_eq!(send(at("2026-12-02", 15)), 0, "once a day");
        assert_eq!(outbox.len(), 1);
        let mail = &outbox.due()[0].1;
        assert_eq!(mail.subject, "Goda exempel: 1 exempel att granska");
        assert!(mail.text.contains("Lärcaféer – Förskolan Ugglan"));
        assert!(
            mail.text
                .contains("https://goda.example.se/admin/exempel/larcafe")
        );
        assert!(mail.text.contains("varav 1 ny sedan"), "{}", mail.text);
        // The next day: still waiting, but not new.
        assert_eq!(send(at("2026-12-03", 8)), 1);
        let texts: Vec<String> = outbox.due().into_iter().map(|(_, m)| m.text).collect();
        assert!(texts.iter().any(|t| t.contains("varav 0 nya")), "{texts:?}");
        // A mark that cannot be written: nothing is queued, so no day gets two notices.
        let before = outbox.len();
        let mark = outbox.dir().join(LAST_DIGEST);
        std::fs::remove_file(&mark).unwrap();
        std::fs::create_dir(&mark).unwrap();
        assert!(send_if_due(&submissions, &outbox, &to, base, &at("2026-12-05", 9)).is_err());
        assert_eq!(outbox.len(), before);
        std::fs::remove_dir(&mark).unwrap();
        // Nothing waiting: no mail, but the day is marked.
        std::fs::remove_file(corpus.path().join("larcafe.md")).unwrap();
        assert_eq!(send(at("2026-12-04", 9)), 0);
        assert_eq!(
            std::fs::read_to_string(outbox.dir().join(LAST_DIGEST)).unwrap(),
            "2026-12-04\n"
        );
        assert_eq!(
            send_if_due(&submissions, &outbox, &[], base, &at("2026-12-05", 9)).unwrap(),
            0,
            "no one asked"
        );
    }
}
