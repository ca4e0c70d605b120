//! Errors of loading: each problem names the file, the line, the column and the field, shows the
//! offending text, and says in French what is wrong.

use std::fmt;

/// One thing wrong in the corpus files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the corpus root (`leviers/kit-10.toml`).
    pub file: String,
    /// Line of the defect, from 1.
    pub line: Option<usize>,
    /// Column of the defect on its line, from 1, in characters.
    pub column: Option<usize>,
    /// The field at fault (`themes`, `condition`…).
    pub field: Option<String>,
    /// What is wrong and, where possible, what to do, in French.
    pub message: String,
    /// The line of the file where the defect is, to show under the message.
    pub excerpt: Option<String>,
}

impl Problem {
    /// A problem with a whole file.
    pub fn in_file(file: String, message: String) -> Problem {
        Problem {
            file,
            line: None,
            column: None,
            field: None,
            message,
            excerpt: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", ligne {line}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", colonne {column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", champ « {field} »")?;
        }
        write!(f, " : {}", self.message)?;
        if let (Some(excerpt), Some(line)) = (&self.excerpt, self.line) {
            let gutter = line.to_string();
            write!(f, "\n      {gutter} | {excerpt}")?;
            if let Some(column) = self.column {
                let pad = " ".repeat(gutter.len());
                let before = " ".repeat(column.saturating_sub(1));
                write!(f, "\n      {pad} | {before}^")?;
            }
        }
        Ok(())
    }
}

/// Why a corpus could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The corpus folder itself cannot be read.
    #[error("impossible de lire le corpus « {path} » : {}", crate::files::io_french(.source))]
    Io {
        /// The folder.
        path: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// Files were read, and something in them is wrong: every problem found.
    #[error("{}", render(.0))]
    Invalid(Vec<Problem>),
}

impl CorpusError {
    /// The problems found, empty for an I/O error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            CorpusError::Invalid(problems) => problems,
            CorpusError::Io { .. } => &[],
        }
    }
}

fn render(problems: &[Problem]) -> String {
    let head = if problems.len() == 1 {
        "le corpus contient une erreur :".to_string()
    } else {
        format!("le corpus contient {} erreurs :", problems.len())
    };
    let mut out = head;
    for p in problems {
        out.push_str("\n  - ");
        out.push_str(&p.to_string());
    }
    out
}
