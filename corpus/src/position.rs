//! Where things are in a data file: byte spans from the TOML parser, turned into lines and
//! columns, and the spans of each entry's fields, so a problem points at the text at fault.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::error::Problem;

/// A data file's text, with the start of each line.
pub(crate) struct SourceText<'a> {
    pub path: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceText<'a> {
    pub fn new(path: &'a str, text: &'a str) -> SourceText<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText {
            path,
            text,
            line_starts,
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Line (from 1) and column (from 1, in characters) of a byte offset.
    pub fn locate(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= byte);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..byte)
            .map_or(1, |before| before.chars().count() + 1);
        (line, column)
    }

    /// The text of a line (from 1), without its end of line.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// A problem at a byte offset of this file.
    pub fn problem_at(&self, byte: usize, field: Option<&str>, message: String) -> Problem {
        let (line, column) = self.locate(byte);
        Problem {
            file: self.path.to_string(),
            line: Some(line),
            column: Some(column),
            field: field.map(str::to_string),
            message,
            excerpt: Some(self.line_text(line).to_string()),
        }
    }
}

/// The spans of one table of a file (an entry, a rule, a dated value): the table itself, the
/// value of each of its fields, and the tables nested under a field (`[[values]]`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Spans {
    pub table: Range<usize>,
    fields: BTreeMap<String, Range<usize>>,
    nested: BTreeMap<String, Vec<Spans>>,
}

impl Spans {
    /// The spans of a parsed table.
    pub fn of(table: &DeTable<'_>, span: Range<usize>) -> Spans {
        let mut spans = Spans {
            table: span,
            ..Spans::default()
        };
        for (key, value) in table.iter() {
            let name = key.get_ref().to_string();
            match value.get_ref() {
                DeValue::Table(t) => {
                    spans
                        .nested
                        .insert(name.clone(), vec![Spans::of(t, value.span())]);
                }
                DeValue::Array(items) => {
                    let tables: Vec<Spans> = items
                        .iter()
                        .filter_map(|item| match item.get_ref() {
                            DeValue::Table(t) => Some(Spans::of(t, item.span())),
                            _ => None,
                        })
                        .collect();
                    if !tables.is_empty() {
                        spans.nested.insert(name.clone(), tables);
                    }
                }
                _ => {}
            }
            spans.fields.insert(name, value.span());
        }
        spans
    }

    /// Where the value of a field starts; the table's start when the field is absent.
    pub fn field(&self, name: &str) -> usize {
        self.fields.get(name).map_or(self.table.start, |r| r.start)
    }

    /// The `i`-th table nested under a field (`values`, 0), if any.
    pub fn nested(&self, name: &str, i: usize) -> Option<&Spans> {
        self.nested.get(name).and_then(|v| v.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns_in_characters() {
        let s = SourceText::new("a.toml", "a = 1\ntitre = \"été\"\n");
        assert_eq!(s.locate(0), (1, 1));
        assert_eq!(s.locate(6), (2, 1));
        let b = "a = 1\ntitre = \"été\"".find('"').unwrap();
        assert_eq!(s.locate(b + 3), (2, 11), "é counts as one character");
        assert_eq!(s.line_text(2), "titre = \"été\"");
    }

    #[test]
    fn every_entry_gets_the_spans_of_its_fields() {
        let text = "[[levier]]\nid = \"a\"\n\n[[levier]]\nid = \"b\"\nthemes = [\"x\"]\n";
        let root = DeTable::parse(text).unwrap();
        let items = root
            .get_ref()
            .get("levier")
            .unwrap()
            .get_ref()
            .as_array()
            .unwrap();
        let spans: Vec<Spans> = items
            .iter()
            .map(|i| Spans::of(i.get_ref().as_table().unwrap(), i.span()))
            .collect();
        let s = SourceText::new("f", text);
        assert_eq!(s.locate(spans[1].field("id")).0, 5);
        assert_eq!(s.locate(spans[1].field("themes")), (6, 10));
    }
}
