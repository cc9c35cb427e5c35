//! SQL is written once, with SQLite's `?1` placeholders; PostgreSQL numbers
//! its parameters `$1`. The rewrite skips string literals, quoted names and
//! comments, so a `?` inside them stays as it is.

/// `sql` with every `?N` (and bare `?`, numbered in order) as `$N`.
pub(crate) fn to_dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut next_bare = 1u32;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                // A doubled quote inside is an escaped quote: the loop
                // leaves and re-enters the quoted text, which is the same.
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                let mut previous = '\0';
                for inner in chars.by_ref() {
                    out.push(inner);
                    if previous == '*' && inner == '/' {
                        break;
                    }
                    previous = inner;
                }
            }
            '?' => {
                out.push('$');
                let mut digits = String::new();
                while let Some(digit) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*digit);
                    chars.next();
                }
                if digits.is_empty() {
                    out.push_str(&next_bare.to_string());
                    next_bare += 1;
                } else {
                    out.push_str(&digits);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_dollar_placeholders as rewrite;

    #[test]
    fn numbered_and_bare_placeholders_become_dollars() {
        assert_eq!(
            rewrite("SELECT a FROM t WHERE b = ?1 AND c IN (?12, ?2)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($12, $2)"
        );
        assert_eq!(rewrite("VALUES (?, ?)"), "VALUES ($1, $2)");
    }

    #[test]
    fn question_marks_in_literals_names_and_comments_stay() {
        assert_eq!(
            rewrite("SELECT '?1', \"a?\" -- ?3\n FROM t /* ?4 */ WHERE x = ?2"),
            "SELECT '?1', \"a?\" -- ?3\n FROM t /* ?4 */ WHERE x = $2"
        );
        assert_eq!(rewrite("SELECT 'it''s ?' , ?1"), "SELECT 'it''s ?' , $1");
    }
}
