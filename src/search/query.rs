//! The search box's language, parsed once into a [`Query`]: words, "phrases",
//! prefixes (`pakist*`), `OR`, `-excluded`, and filters (`label:ACTOR`,
//! `span:"Taliban"`, `status:done`, `annotator:ana`, `EVENT.type:Attack`).
//! A regex query (`--regex`) is the whole text, compiled by the `regex` crate.
//!
//! Words become an FTS5 query in which every term is quoted: nothing the user
//! types reaches FTS5's own syntax, so its errors cannot reach the user.

use crate::model::DocumentStatus;

use super::error::{QueryError, QueryProblem};

/// A parsed query.
#[derive(Clone, Debug)]
pub struct Query {
    pub text: TextQuery,
    pub filters: Vec<Filter>,
}

/// What to find in the texts.
#[derive(Clone, Debug)]
pub enum TextQuery {
    /// Filters alone: the spans they describe are the hits.
    None,
    /// Words, phrases and prefixes, as an FTS5 query.
    Words {
        fts: String,
    },
    Regex(regex::Regex),
}

/// One `key:value` of the query, and where it was (1-based character).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub kind: FilterKind,
    pub at: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// The document holds a span with this label.
    Label(String),
    /// ... whose text is this (ignoring case).
    SpanText(String),
    Status(DocumentStatus),
    /// ... made by this annotator.
    Annotator(String),
    /// ... with this label and attribute value (`EVENT.type:Attack`).
    Attribute {
        label: String,
        name: String,
        value: String,
    },
}

impl FilterKind {
    /// How the query names this kind of filter.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Label(_) => "label:",
            Self::SpanText(_) => "span:",
            Self::Status(_) => "status:",
            Self::Annotator(_) => "annotator:",
            Self::Attribute { .. } => "LABEL.attribute:",
        }
    }
}

/// The filter keys, as the error for an unknown one lists them.
const FILTER_KEYS: &str = "label:, span:, status:, annotator:, LABEL.attribute:";

impl Query {
    /// Parses what the user typed in the search box (or on the command line).
    pub fn parse(input: &str) -> Result<Self, QueryError> {
        Parser::new(input).parse()
    }

    /// A regex query: the whole of `pattern`, no filters.
    pub fn regex(pattern: &str) -> Result<Self, QueryError> {
        if pattern.is_empty() {
            return Err(QueryError::new(1, QueryProblem::Empty));
        }
        let regex = regex::Regex::new(pattern)
            .map_err(|err| QueryError::new(1, QueryProblem::Regex(err.to_string())))?;
        Ok(Self {
            text: TextQuery::Regex(regex),
            filters: Vec::new(),
        })
    }
}

/// One word, phrase or prefix, as FTS5 will see it.
struct Term {
    fts: String,
    negated: bool,
}

enum Item {
    Term(Term),
    Or { at: usize },
    Filter(Filter),
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn new(input: &str) -> Self {
        Self {
            chars: input.chars().collect(),
            pos: 0,
        }
    }

    fn parse(mut self) -> Result<Query, QueryError> {
        let mut items = Vec::new();
        while let Some(item) = self.item()? {
            items.push(item);
        }
        if items.is_empty() {
            return Err(QueryError::new(1, QueryProblem::Empty));
        }
        build(items)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// The next item, or None at the end.
    fn item(&mut self) -> Result<Option<Item>, QueryError> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        let Some(first) = self.peek() else {
            return Ok(None);
        };
        let at = self.pos + 1;
        let negated = first == '-'
            && self
                .chars
                .get(self.pos + 1)
                .is_some_and(|c| !c.is_whitespace());
        if negated {
            self.pos += 1;
        }
        if self.peek() == Some('"') {
            let phrase = self.quoted()?;
            let prefix = self.star_after();
            return Ok(Some(Item::Term(term(&phrase, prefix, negated, at)?)));
        }
        let word = self.bare();
        if self.peek() == Some(':') && !negated && is_filter_key(&word) {
            self.pos += 1;
            let value = if self.peek() == Some('"') {
                self.quoted()?
            } else {
                self.bare()
            };
            return Ok(Some(Item::Filter(filter(&word, value, at)?)));
        }
        // Not a filter: a colon is part of the word ("10:30").
        let mut word = word;
        while let Some(c) = self.peek().filter(|c| !c.is_whitespace() && *c != '"') {
            word.push(c);
            self.pos += 1;
        }
        if word == "OR" && !negated {
            return Ok(Some(Item::Or { at }));
        }
        let prefix = word.ends_with('*');
        let stem = word.trim_end_matches('*');
        if let Some(star) = stem.chars().position(|c| c == '*') {
            return Err(QueryError::new(
                at + usize::from(negated) + star,
                QueryProblem::MisplacedStar,
            ));
        }
        Ok(Some(Item::Term(term(stem, prefix, negated, at)?)))
    }

    /// Characters up to whitespace, a quote or a colon.
    fn bare(&mut self) -> String {
        let mut word = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| !c.is_whitespace() && *c != '"' && *c != ':')
        {
            word.push(c);
            self.pos += 1;
        }
        word
    }

    /// A "…" string (at its opening quote), without the quotes.
    fn quoted(&mut self) -> Result<String, QueryError> {
        let open = self.pos + 1;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err(QueryError::new(open, QueryProblem::UnclosedQuote)),
                Some('"') => {
                    self.pos += 1;
                    return Ok(text);
                }
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// A `*` right after a closing quote: the phrase's last word is a prefix.
    fn star_after(&mut self) -> bool {
        let star = self.peek() == Some('*');
        if star {
            self.pos += 1;
        }
        star
    }
}

/// `label`, `span`, `status`, `annotator`, or `LABEL.attribute`: a name
/// starting with a letter; anything else before a colon is searched as text.
fn is_filter_key(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn filter(key: &str, value: String, at: usize) -> Result<Filter, QueryError> {
    if value.is_empty() {
        return Err(QueryError::new(
            at,
            QueryProblem::EmptyFilterValue(key.to_string()),
        ));
    }
    let kind = match key.to_ascii_lowercase().as_str() {
        "label" => FilterKind::Label(value),
        "span" => FilterKind::SpanText(value),
        "annotator" => FilterKind::Annotator(value),
        "status" => {
            let wanted = value.to_lowercase().replace(' ', "_");
            let status = DocumentStatus::parse(&wanted)
                .ok_or_else(|| QueryError::new(at, QueryProblem::UnknownStatus(value)))?;
            FilterKind::Status(status)
        }
        _ => match key.split_once('.') {
            Some((label, name)) if !label.is_empty() && !name.is_empty() => FilterKind::Attribute {
                label: label.to_string(),
                name: name.to_string(),
                value,
            },
            _ => {
                return Err(QueryError::new(
                    at,
                    QueryProblem::UnknownFilter {
                        key: key.to_string(),
                        known: FILTER_KEYS,
                    },
                ))
            }
        },
    };
    Ok(Filter { kind, at })
}

/// A word, phrase or prefix as a quoted FTS5 string; refused when it holds
/// no letter or digit (the index keeps only those).
fn term(text: &str, prefix: bool, negated: bool, at: usize) -> Result<Term, QueryError> {
    if !text.chars().any(char::is_alphanumeric) {
        return Err(QueryError::new(at, QueryProblem::NoWords(text.to_string())));
    }
    let mut fts = format!("\"{}\"", text.replace('"', "\"\""));
    if prefix {
        fts += " *";
    }
    Ok(Term { fts, negated })
}

/// The FTS5 query: groups joined by `OR` are ANDed together (as in web
/// search, `OR` binds tighter than the space), then the exclusions.
fn build(items: Vec<Item>) -> Result<Query, QueryError> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut excluded = Vec::new();
    let mut filters = Vec::new();
    let mut pending_or: Option<usize> = None;
    let mut last_was_term = false;
    for item in items {
        match item {
            Item::Term(Term {
                fts,
                negated: false,
            }) => {
                match (pending_or.take(), groups.last_mut()) {
                    (Some(_), Some(group)) => group.push(fts),
                    _ => groups.push(vec![fts]),
                }
                last_was_term = true;
            }
            Item::Term(Term { fts, negated: true }) => {
                if let Some(at) = pending_or {
                    return Err(QueryError::new(at, QueryProblem::DanglingOr));
                }
                excluded.push(fts);
                last_was_term = false;
            }
            Item::Or { at } => {
                if !last_was_term || pending_or.is_some() {
                    return Err(QueryError::new(at, QueryProblem::DanglingOr));
                }
                pending_or = Some(at);
                last_was_term = false;
            }
            Item::Filter(filter) => {
                if let Some(at) = pending_or {
                    return Err(QueryError::new(at, QueryProblem::DanglingOr));
                }
                filters.push(filter);
                last_was_term = false;
            }
        }
    }
    if let Some(at) = pending_or {
        return Err(QueryError::new(at, QueryProblem::DanglingOr));
    }
    check_one_of_each(&filters)?;
    let text = if groups.is_empty() {
        if !excluded.is_empty() {
            return Err(QueryError::new(1, QueryProblem::OnlyExclusions));
        }
        TextQuery::None
    } else {
        let mut fts = groups
            .iter()
            .map(|group| match group.as_slice() {
                [one] => one.clone(),
                many => format!("({})", many.join(" OR ")),
            })
            .collect::<Vec<_>>()
            .join(" AND ");
        for term in excluded {
            fts += " NOT ";
            fts += &term;
        }
        TextQuery::Words { fts }
    };
    Ok(Query { text, filters })
}

/// Two `label:` filters would ask for one span with two labels: never true,
/// and surely not what was meant.
fn check_one_of_each(filters: &[Filter]) -> Result<(), QueryError> {
    for (i, filter) in filters.iter().enumerate() {
        let same = filters[..i].iter().any(|earlier| {
            std::mem::discriminant(&earlier.kind) == std::mem::discriminant(&filter.kind)
        });
        if same {
            return Err(QueryError::new(
                filter.at,
                QueryProblem::RepeatedFilter(filter.kind.key()),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(input: &str) -> String {
        match Query::parse(input).unwrap().text {
            TextQuery::Words { fts } => fts,
            other => panic!("{other:?}"),
        }
    }

    fn error(input: &str) -> String {
        Query::parse(input).unwrap_err().to_string()
    }

    #[test]
    fn words_phrases_prefixes_or_and_exclusions() {
        assert_eq!(fts("taliban"), "\"taliban\"");
        assert_eq!(fts("pakist*"), "\"pakist\" *");
        assert_eq!(
            fts("\"Tehrik-i-Taliban\" ceasefire"),
            "\"Tehrik-i-Taliban\" AND \"ceasefire\""
        );
        assert_eq!(fts("\"peace tal\"*"), "\"peace tal\" *");
        assert_eq!(
            fts("ttp OR taliban talks -doha"),
            "(\"ttp\" OR \"taliban\") AND \"talks\" NOT \"doha\""
        );
        // FTS5's own operators are only words here.
        assert_eq!(fts("NEAR AND"), "\"NEAR\" AND \"AND\"");
        assert_eq!(fts("10:30"), "\"10:30\"");
    }

    #[test]
    fn filters_are_read_with_their_values() {
        let query = Query::parse(
            "talks label:ACTOR span:\"Tehrik-i-Taliban\" status:done annotator:ana EVENT.type:Attack",
        )
        .unwrap();
        let kinds: Vec<FilterKind> = query.filters.into_iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            vec![
                FilterKind::Label("ACTOR".into()),
                FilterKind::SpanText("Tehrik-i-Taliban".into()),
                FilterKind::Status(DocumentStatus::Done),
                FilterKind::Annotator("ana".into()),
                FilterKind::Attribute {
                    label: "EVENT".into(),
                    name: "type".into(),
                    value: "Attack".into()
                },
            ]
        );
        assert!(matches!(
            Query::parse("label:ACTOR").unwrap().text,
            TextQuery::None
        ));
    }

    #[test]
    fn bad_queries_name_the_place() {
        assert_eq!(
            error("talks \"peace"),
            "character 7 of the query: this quote is never closed"
        );
        assert!(error("talks colour:red")
            .starts_with("character 7 of the query: unknown filter colour:"));
        assert_eq!(
            error("status:finished"),
            "character 1 of the query: unknown status \"finished\" (new, in_progress or done)"
        );
        assert_eq!(
            error("pak*stan"),
            "character 4 of the query: a * goes only at the end of a word (pakist*)"
        );
        assert!(error("a OR").starts_with("character 3 of the query: OR"));
        assert!(error("OR a").starts_with("character 1 of the query: OR"));
        assert!(error("--").starts_with("character 1 of the query: \"-\" has no letters"));
        assert!(error("-doha").starts_with("character 1 of the query: only excluded words"));
        assert!(error("label:A label:B")
            .starts_with("character 9 of the query: a second label: filter"));
        assert!(error("label:").starts_with("character 1 of the query: label: needs a value"));
        assert!(error("   ").starts_with("character 1 of the query: the query is empty"));
    }

    #[test]
    fn a_bad_regex_is_refused_with_the_regex_crates_pointer() {
        let err = Query::regex("Taliban(").unwrap_err().to_string();
        assert!(err.contains("unclosed group"), "{err}");
    }
}
