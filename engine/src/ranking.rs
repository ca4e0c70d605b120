//! Every knob of retrieval and ranking in one place: the search's field boosts, the dialogue's
//! bonuses, cut-off and quotas. Tuning an answer's ranking is a change here, and the acceptance
//! set (`tests/questions.toml`) says whether it is for the better.

use ess_corpus::Kind;

/// The weights, bonuses, cut-offs and quotas that rank what an answer shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ranking {
    /// A question word found in an entry's title counts this much more than in its text.
    pub title_boost: f32,
    /// Same for its keywords.
    pub keywords_boost: f32,
    /// A term brought by an expansion (acronym, synonym) weighs this much of a question word.
    pub expansion_weight: f32,
    /// Weight of the asker's région in the query (partners and examples of it first).
    pub place_weight: f32,
    /// Fewer hits than this: search again with typo tolerance.
    pub few_hits: usize,
    /// Search boosts for an entry tagged with a theme, a territory or a collectivity type of
    /// the question.
    pub theme_slot_boost: f32,
    /// See `theme_slot_boost`.
    pub territory_slot_boost: f32,
    /// See `theme_slot_boost`.
    pub level_slot_boost: f32,
    /// Most hits a search brings before ranking.
    pub search_limit: usize,
    /// What the question names by its name ranks this far above the best hit.
    pub named_factor: f32,
    /// Score factor for an entry on the theme the question names first (its subject, as a
    /// rule), and on any other theme it names: a long question that lists many services still
    /// has one subject.
    pub main_theme_bonus: f32,
    /// See `main_theme_bonus`.
    pub other_theme_bonus: f32,
    /// Factor for entries meant for the asker's kind of collectivity, and for entries meant
    /// only for other kinds (« la Région peut… » read by a commune).
    pub level_bonus: f32,
    /// See `level_bonus`.
    pub other_level_factor: f32,
    /// Factor for an entry of the asker's kind of territory, within its kind of entry.
    pub territory_bonus: f32,
    /// Entries scoring below this share of the best one are left out of an answer.
    pub relative_cutoff: f32,
    /// Verdicts shown beside an answer that is not about the law.
    pub verdicts_beside: usize,
    /// Share of a matched fiche's score each of its entries gains: a lever of the fiche the
    /// question is about (« la petite enfance », fiche 21) need not repeat its words.
    pub fiche_share: f32,
}

impl Ranking {
    /// The ranking the acceptance set is tuned for.
    pub const DEFAULT: Ranking = Ranking {
        title_boost: 3.0,
        keywords_boost: 2.0,
        expansion_weight: 0.6,
        place_weight: 0.3,
        few_hits: 3,
        theme_slot_boost: 2.5,
        territory_slot_boost: 1.0,
        level_slot_boost: 2.0,
        search_limit: 80,
        named_factor: 1.2,
        main_theme_bonus: 1.5,
        other_theme_bonus: 1.15,
        level_bonus: 1.3,
        other_level_factor: 0.75,
        territory_bonus: 1.25,
        relative_cutoff: 0.2,
        verdicts_beside: 3,
        fiche_share: 0.2,
    };

    /// The kind of which one entry, the best, goes after the others when it matches as well
    /// as they do: a figure on the subject beside levers (« le réemploi solidaire crée-t-il
    /// plus d'emplois ? »), never before them.
    pub fn aside(&self, intent: &str) -> Option<Kind> {
        let kinds = self.quotas(intent);
        (intent == "leviers" && !kinds.iter().any(|(k, _)| *k == Kind::Chiffre))
            .then_some(Kind::Chiffre)
    }

    /// How many entries of each kind an answer shows, by intent: diversity over a single list.
    pub fn quotas(&self, intent: &str) -> &'static [(Kind, usize)] {
        match intent {
            "exemples" => &[(Kind::Exemple, 6), (Kind::Levier, 1), (Kind::Fiche, 1)],
            "chiffres" => &[
                (Kind::Chiffre, 5),
                (Kind::Indicateur, 1),
                (Kind::Fiche, 1),
                (Kind::Levier, 1),
            ],
            "indicateurs" => &[
                (Kind::Indicateur, 5),
                (Kind::Levier, 2),
                (Kind::Chiffre, 1),
                (Kind::Fiche, 1),
            ],
            "definition" => &[
                (Kind::Glossaire, 2),
                (Kind::Fiche, 1),
                (Kind::Levier, 2),
                (Kind::Texte, 1),
            ],
            // « le RTES a été créé en quelle année ? »: the entries that say when.
            "date" => &[
                (Kind::Glossaire, 2),
                (Kind::Acteur, 2),
                (Kind::Chiffre, 2),
                (Kind::Texte, 2),
                (Kind::Parametre, 1),
                (Kind::Exemple, 2),
                (Kind::Levier, 1),
                (Kind::Fiche, 1),
            ],
            "comparaison" => &[
                (Kind::Glossaire, 3),
                (Kind::Fiche, 1),
                (Kind::Levier, 2),
                (Kind::Texte, 1),
            ],
            "acteurs" => &[
                (Kind::Acteur, 5),
                (Kind::Levier, 2),
                (Kind::Ressource, 2),
                (Kind::Fiche, 1),
            ],
            // « un guide sur les clauses sociales ? »: guides, studies and webinars first.
            "ressources" => &[
                (Kind::Ressource, 5),
                (Kind::Levier, 2),
                (Kind::Glossaire, 1),
                (Kind::Acteur, 1),
                (Kind::Fiche, 1),
            ],
            "obligations" | "seuil" => &[
                (Kind::Parametre, 2),
                (Kind::Texte, 3),
                (Kind::Levier, 2),
                (Kind::Fiche, 1),
            ],
            "fiche" => &[
                (Kind::Fiche, 1),
                (Kind::Levier, 12),
                (Kind::Exemple, 8),
                (Kind::Ressource, 4),
            ],
            _ => &[
                (Kind::Levier, 4),
                (Kind::Exemple, 3),
                (Kind::Fiche, 2),
                (Kind::Texte, 1),
                (Kind::Acteur, 2),
            ],
        }
    }
}
