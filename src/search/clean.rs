//! Cleaning what a person typed before it is planned.

use super::MAX_QUERY_CHARS;

/// Cleans a query of what the query language would misread: control characters and
/// punctuation other than quotes (phrases) and a leading `-`/`+` (exclude/require) become
/// spaces, an unbalanced quote is dropped, and the text is cut to [`MAX_QUERY_CHARS`].
pub fn clean_query(q: &str) -> String {
    let mut out: String = q
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(|c| {
            if c.is_alphanumeric() || c == '"' || c == '-' || c == '+' {
                c
            } else {
                ' '
            }
        })
        .collect();
    if out.matches('"').count() % 2 == 1
        && let Some(i) = out.rfind('"')
    {
        out.replace_range(i..=i, " ");
    }
    // A '-' or '+' is an operator only at the start of a word; elsewhere it joins words.
    let words: Vec<String> = out
        .split_whitespace()
        .filter_map(|w| {
            let core = w.trim_start_matches(['-', '+']);
            let op = &w[..w.len() - core.len()];
            let core = core.trim_end_matches(['-', '+']);
            let core_has_text = core.chars().any(char::is_alphanumeric);
            core_has_text.then(|| {
                format!(
                    "{}{core}",
                    op.chars().next().map(String::from).unwrap_or_default()
                )
            })
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_queries_are_cleaned_not_refused() {
        assert_eq!(clean_query("\"matsvinn i skolan"), "matsvinn i skolan");
        assert_eq!(clean_query("AND ( OR"), "AND OR");
        assert_eq!(clean_query("- + --"), "");
        assert_eq!(
            clean_query("e-tjänst -pilot 🙂 \u{0}x"),
            "e-tjänst -pilot x"
        );
        assert_eq!(clean_query("title:matsvinn"), "title matsvinn");
        assert_eq!(
            clean_query(&"å".repeat(2000)).chars().count(),
            MAX_QUERY_CHARS
        );
    }
}
