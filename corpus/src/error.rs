//! Errors of loading: each problem names the file, the line and the field, in French.

use std::fmt;

/// One thing wrong in the corpus files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the corpus root (`leviers/kit-10.toml`).
    pub file: String,
    pub line: Option<usize>,
    pub field: Option<String>,
    /// What is wrong and, where possible, what to do, in French.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", ligne {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", champ « {field} »")?;
        }
        write!(f, " : {}", self.message)
    }
}

/// Why a corpus could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("impossible de lire le corpus « {path} » : {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
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
