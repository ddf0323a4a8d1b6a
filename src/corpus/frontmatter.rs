/// A corpus file split into its TOML front matter and its Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitFile<'a> {
    /// The TOML between the two `+++` lines.
    pub front: &'a str,
    /// The 1-based line number of the first line of `front`.
    pub front_line: usize,
    /// Everything after the closing `+++` line.
    pub body: &'a str,
}

/// The line the front matter opens and closes with.
const FENCE: &str = "+++";

/// Splits `text` at its `+++` fences.
///
/// On `Err` returns the 1-based line and a message saying what is missing and how to fix it.
pub fn split_front_matter(text: &str) -> Result<SplitFile<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err((
            1,
            "fälten överst saknas: filen ska börja med en rad `+++`, sedan fälten i TOML och sedan \
             en rad `+++` till. Har raden `+++` fallit bort?"
                .to_owned(),
        ));
    }
    let front_start = first.len();
    let mut offset = front_start;
    for line in lines {
        if line.trim_end() == FENCE {
            return Ok(SplitFile {
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err((
        1,
        "fälten som börjar med `+++` på rad 1 avslutas aldrig: lägg till en rad `+++` efter det \
         sista fältet"
            .to_owned(),
    ))
}

/// The 1-based line in `front` (which starts at `front_line`) where `key` is assigned, if any.
pub(crate) fn line_of_key(front: &str, front_line: usize, key: &str) -> Option<usize> {
    front
        .lines()
        .position(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix(key)
                .or_else(|| line.strip_prefix(&format!("\"{key}\"")));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + front_line)
}

/// The 1-based line of byte `offset` in `text`, counting from `first_line`.
pub(crate) fn line_at(text: &str, offset: usize, first_line: usize) -> usize {
    let end = offset.min(text.len());
    first_line
        + text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
}

/// The 1-based line of byte `offset` in a whole file's `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    line_at(text, offset, 1)
}

/// A whole TOML file's `text` (the file `path`) as a table; a syntax error is a problem on
/// its line.
pub fn toml_table(path: &std::path::Path, text: &str) -> Result<toml::Table, super::Problem> {
    toml::from_str(text).map_err(|e| super::Problem {
        path: path.to_owned(),
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: format!("kan inte läsas som TOML: {}", e.message()),
    })
}

/// The 1-based line where `key = …` is first written in a TOML `text` (1 when nowhere).
pub fn key_line(text: &str, key: &str) -> usize {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return line_of(text, at);
        }
        at += line.len();
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split_at_the_fences() {
        let s = split_front_matter("+++\ntitle = \"x\"\n+++\n# Body\n").unwrap();
        assert_eq!(s.front, "title = \"x\"\n");
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn a_byte_order_mark_and_crlf_are_accepted() {
        let s = split_front_matter("\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\nBody").unwrap();
        assert_eq!(s.front, "title = \"x\"\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn a_file_without_fences_is_rejected_with_a_hint() {
        let (line, msg) = split_front_matter("title = \"x\"\n").unwrap_err();
        assert_eq!(line, 1);
        assert!(msg.contains("Har raden `+++` fallit bort?"));
    }

    #[test]
    fn an_unclosed_front_matter_is_rejected() {
        let (_, msg) = split_front_matter("+++\ntitle = \"x\"\n").unwrap_err();
        assert!(msg.contains("avslutas aldrig"));
    }

    #[test]
    fn the_line_of_a_key_is_found() {
        let front = "id = \"a\"\ntitle = \"b\"\n";
        assert_eq!(line_of_key(front, 2, "title"), Some(3));
        assert_eq!(line_of_key(front, 2, "summary"), None);
    }
}
