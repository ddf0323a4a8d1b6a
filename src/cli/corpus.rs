//! Commands on the corpus and the config: `goda check`, `import`, `organiser` and `generate`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use goda::corpus::{self, Defaults, WriteMode};

use super::OrganiserCommand;
use super::serve::{embed_with_progress, hand_over, open_index, running_server, today};

pub(crate) fn check(corpus: &Path) -> anyhow::Result<ExitCode> {
    let loaded = corpus::load_dir(corpus, today())?;
    let mut problems = loaded.problems.clone();
    problems.extend(goda::catalogue::check_editions(corpus, &loaded.examples));
    if let Err(synonym_problems) = corpus::read_synonyms(corpus) {
        problems.extend(synonym_problems);
    }
    if let Err(organisation_problems) = corpus::read_organisations(corpus) {
        problems.extend(organisation_problems);
    }
    problems.extend(goda::insights::wanted::check_file(corpus));
    // Adoption reports and awards (awards name examples that must exist).
    problems.extend(goda::spread::load(corpus, today()).problems);
    // Published examples not confirmed current within the default period: a warning only.
    let months = goda::model::DEFAULT_REVIEW_MONTHS;
    let due: Vec<corpus::Problem> = loaded
        .examples
        .iter()
        .filter(|e| e.is_public() && e.review_due(today(), months))
        .map(|e| corpus::Problem {
            path: corpus.join(e.id.file_name()),
            line: 1,
            message: format!(
                "varning: bekräftades senast {} och behöver ses över (mer än {months} månader sedan)",
                e.reviewed
            ),
        })
        .collect();
    for problem in problems.iter().chain(&loaded.warnings).chain(&due) {
        println!("{problem}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub(crate) fn import(
    corpus: &Path,
    index: &Path,
    model: &Path,
    file: &Path,
    replace: bool,
) -> anyhow::Result<ExitCode> {
    let input = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mode = if replace {
        WriteMode::Replace
    } else {
        WriteMode::CreateNew
    };
    let organisations = corpus::read_organisations(corpus).map_err(|problems| {
        anyhow::anyhow!(
            "the corpus's list of organisations is invalid: {}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let defaults = Defaults {
        today: today(),
        fill_workflow: true,
        organisations: Some(std::sync::Arc::new(organisations)),
    };
    let report = corpus::import_jsonl(&input, corpus, mode, &defaults)?;
    for (line, errors) in &report.rejected {
        for e in errors {
            eprintln!("{}:{line}: {e}", file.display());
        }
    }
    if let Some(pid) = running_server(index) {
        hand_over(pid, false)?;
        println!(
            "imported {} examples, rejected {} lines; the server running on this index (pid {pid}) \
             is adding them to its index",
            report.written.len(),
            report.rejected.len()
        );
        return Ok(exit_code(report.rejected.is_empty()));
    }
    let (index, sync) = open_index(corpus, index, false)?;
    println!(
        "imported {} examples, rejected {} lines; {} published examples indexed",
        report.written.len(),
        report.rejected.len(),
        sync.indexed
    );
    embed_with_progress(&index, model);
    Ok(exit_code(report.rejected.is_empty()))
}

fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub(crate) fn organiser(config_path: &Path, command: OrganiserCommand) -> anyhow::Result<ExitCode> {
    // The password is asked for before the file is read: a change written meanwhile is not
    // undone by this one.
    let password = match &command {
        OrganiserCommand::Add { name } => Some(new_password(name)?),
        _ => None,
    };
    let mut config = goda::config::Config::load(config_path)?;
    match command {
        OrganiserCommand::Add { name } => {
            let password = password.expect("asked for above");
            config.add_organiser(&name, &password)?;
            config.save(config_path)?;
            eprintln!("organiser {name} saved in {}", config_path.display());
        }
        OrganiserCommand::Token { name } => {
            let token = config.new_token(&name)?;
            config.save(config_path)?;
            println!("{token}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn generate(
    corpus: &Path,
    count: usize,
    seed: u64,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(count > 0, "--count must be at least 1");
    let model = goda::generate::Model::from_corpus(corpus)?;
    let examples = model.examples(count, seed);
    let bar = indicatif::ProgressBar::new(count as u64);
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} exempel ({eta})")
                .expect("a valid template"),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    goda::generate::write(out, &examples, &|| bar.inc(1))?;
    bar.finish_and_clear();
    eprintln!("wrote {count} examples to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// The new password of organiser `name`: asked for twice without echo on a terminal, or read
/// as one line from standard input (a script, a pipe).
fn new_password(name: &str) -> anyhow::Result<String> {
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() {
        let mut password = String::new();
        std::io::stdin()
            .read_line(&mut password)
            .context("cannot read the password from standard input")?;
        return Ok(password.trim_end_matches(['\n', '\r']).to_owned());
    }
    let min = goda::config::MIN_PASSWORD_CHARS;
    let first = rpassword::prompt_password(format!("Lösenord för {name} (minst {min} tecken): "))
        .context("cannot read the password")?;
    let again =
        rpassword::prompt_password("Samma lösenord igen: ").context("cannot read the password")?;
    if first != again {
        anyhow::bail!("the two passwords differ; nothing was saved");
    }
    Ok(first)
}
