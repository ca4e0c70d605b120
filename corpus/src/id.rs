//! The kinds of id the corpus uses, each its own type, so that a theme id cannot be passed
//! where an entry id is expected, nor a document key where a rule id is.
//!
//! Each is a string in the data files and in JSON (`#[serde(transparent)]`), reads as a `&str`
//! and looks up maps keyed by it with a plain `&str` (`Borrow<str>`).
//!
//! ```
//! use ess_corpus::{EntryId, ThemeId};
//! let lever = EntryId::from("kit10-autopartage");
//! assert_eq!(lever, "kit10-autopartage");
//! assert!(lever.starts_with("kit10"));
//! let theme = ThemeId::from("mobilite");
//! assert_eq!(theme.as_str(), "mobilite");
//! ```
//!
//! Different kinds of id do not mix:
//!
//! ```compile_fail
//! use ess_corpus::{EntryId, ThemeId};
//! let lever = EntryId::from("kit10-autopartage");
//! let theme = ThemeId::from("mobilite");
//! let _ = lever == theme;
//! ```

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            JsonSchema,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as written in the data.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name(s)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

id_type!(
    /// The id of an entry (`kit-10`, `kit10-autopartage`), unique across the corpus.
    EntryId
);
id_type!(
    /// The id of a rule of the rule base (`spaser-obligation`).
    RuleId
);
id_type!(
    /// The key of a source document or legal text in `sources.toml` (`kit-municipal`,
    /// `loi-ess-2014`).
    SourceKey
);
id_type!(
    /// The id of a theme of the taxonomy (`themes.toml`: `mobilite`).
    ThemeId
);
id_type!(
    /// The id of a kind of territory (`territoires.toml`: `rural`).
    TerritoryId
);
id_type!(
    /// The id of a type of collectivity (`collectivites.toml`: `commune`, `epci`).
    CollectivityTypeId
);
id_type!(
    /// The id of a competence (`competences.toml`: `mobilite`).
    CompetenceId
);
