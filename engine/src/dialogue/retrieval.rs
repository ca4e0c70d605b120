//! Retrieval and ranking: the search request a turn makes, the bonuses of the asker's themes,
//! kind of collectivity and territory, and a diverse pick of entries by quota.

use std::collections::HashSet;

use ess_corpus::{CollectivityTypeId, Entry, Kind, ThemeId};

use super::{AskError, Dialogue};
use crate::index::{Hit, SearchRequest};
use crate::profile::Profile;
use crate::understand::Understanding;

/// The source document whose fiches answers cite.
const KIT: &str = "kit-municipal";

/// What a search brings: the entries an answer shows, with their scores, and the ids of every
/// entry found, best first (they rank the verdicts that go with the answer).
#[derive(Default)]
pub(super) struct Retrieved<'a> {
    pub items: Vec<(&'a Entry, f32)>,
    pub found: Vec<&'a str>,
}

impl Dialogue<'_> {
    /// The entries that answer a turn, ranked and diversified. `(text, context)`: the words
    /// searched, and what the conversation was about, weighed below them.
    pub(super) fn retrieve(
        &self,
        u: &Understanding,
        intent: &str,
        fiche: Option<u32>,
        (text, context): (&str, &str),
        themes: &[ThemeId],
        profile: &Profile,
    ) -> Result<Retrieved<'_>, AskError> {
        let mut places: Vec<String> = Vec::new();
        let mut expansions: Vec<String> = Some(context.to_string())
            .filter(|c| !c.trim().is_empty())
            .into_iter()
            .collect();
        for g in u
            .glossary
            .iter()
            .filter_map(|&ord| self.corpus.entry_at(ord))
        {
            expansions.extend(g.term.iter().cloned());
            expansions.extend(g.expansion.iter().cloned());
            expansions.extend(g.synonyms.iter().flatten().cloned());
        }
        let has_subject =
            themes.iter().any(|t| !self.lexicon.is_broad_theme(t)) || !u.named.is_empty();
        if !has_subject {
            // "Que peut faire un PETR ?": the kind of collectivity is the subject.
            if let Some(c) = profile
                .kind
                .as_ref()
                .and_then(|k| self.corpus.collectivities.iter().find(|c| &c.id == k))
            {
                expansions.push(c.label.clone());
                expansions.extend(c.synonyms.iter().cloned());
            }
        }
        if matches!(intent, "acteurs" | "exemples" | "chiffres") {
            // Partners, examples and figures of the asker's own région first.
            places.extend(profile.region.iter().cloned());
        }
        // Entries tagged with the asker's type, or with the broader one ("epci").
        let levels: Vec<CollectivityTypeId> = profile
            .kind
            .iter()
            .flat_map(|k| {
                let broader = self.corpus.collectivities.iter().find(|c| &c.id == k);
                std::iter::once(k.clone()).chain(broader.and_then(|c| c.broader.clone()))
            })
            .collect();
        let unmatched = self.unmatched_phrases(intent, profile);
        let request = SearchRequest {
            text: text.to_string(),
            expansions,
            places,
            unmatched,
            themes: themes.to_vec(),
            territories: profile.territoire.iter().cloned().collect(),
            levels: levels.clone(),
            kinds: Vec::new(),
            // « les leviers de la fiche 16 »: only that fiche's entries.
            fiche,
            limit: self.ranking.search_limit,
        };
        let mut hits = self.index.search(&request, self.ranking)?;
        // What the question names by its name comes first.
        let top = hits.first().map_or(1.0, |h| h.score);
        // Names that name several entries (« grenoble »: four examples) tell them apart no
        // more than the rest of the question does: each keeps its own score.
        let own = |ord: usize| hits.iter().find(|h| h.ord == ord).map(|h| h.score);
        let named: Vec<Hit> = u
            .named
            .iter()
            .map(|&ord| Hit {
                ord,
                score: if u.named.len() == 1 {
                    top * self.ranking.named_factor
                } else {
                    own(ord).unwrap_or(top * 0.5)
                },
            })
            .collect();
        hits.retain(|h| !u.named.contains(&h.ord));
        // Entries named by a name they share (four examples « à l'écopôle d'Audruicq ») rank
        // by their own scores among the rest: the écopôle itself may come first.
        // In a legal question a partner named is who the law is asked about (« une subvention
        // à l'association qui gère le centre social »): the law comes first, not that partner.
        let legal = matches!(intent, "obligations" | "seuil");
        let recipient = |ord: usize| {
            legal
                && self
                    .corpus
                    .entry_at(ord)
                    .is_some_and(|e| e.kind == Kind::Acteur)
        };
        let (named, shared): (Vec<Hit>, Vec<Hit>) = named.into_iter().partition(|h| {
            !recipient(h.ord) && (u.named.len() == 1 || u.named_alone.contains(&h.ord))
        });
        hits.extend(shared);
        // A broad theme ("l'ESS") tells nothing of the subject: no bonus for it.
        let subjects: Vec<&ThemeId> = themes
            .iter()
            .filter(|t| !self.lexicon.is_broad_theme(t))
            .collect();
        for h in hits.iter_mut() {
            let Some(e) = self.corpus.entry_at(h.ord) else {
                continue;
            };
            if subjects.first().is_some_and(|t| e.themes.contains(t)) {
                h.score *= self.ranking.main_theme_bonus;
            } else if subjects.iter().any(|t| e.themes.contains(t)) {
                h.score *= self.ranking.other_theme_bonus;
            }
            if e.levels.iter().any(|l| levels.contains(l)) {
                h.score *= self.ranking.level_bonus;
            } else if !levels.is_empty() && !e.levels.is_empty() {
                h.score *= self.ranking.other_level_factor;
            }
        }
        self.share_fiche_scores(&mut hits, intent);
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        if !matches!(intent, "obligations" | "seuil" | "definition" | "fiche") {
            // Beside practical answers, a legal text must be on the question's subject, not
            // merely mention the ESS; « quand … ? » may be answered by a legal date of any
            // subject (« le contrat d'engagement républicain »).
            hits.retain(|h| {
                self.corpus.entry_at(h.ord).is_some_and(|e| {
                    !matches!(e.kind, Kind::Texte | Kind::Parametre)
                        || (intent == "date" && e.kind == Kind::Parametre)
                        || subjects.iter().any(|t| e.themes.contains(t))
                })
            });
        }
        // A question that is only the title of an example or an actor (« écopôle alimentaire
        // Audruicq »), with no cue of what it asks, names that entry.
        if u.intent.is_none() && named.is_empty() {
            if let Some(at) = self.titled_by(text, &hits) {
                let mut hit = hits.remove(at);
                hit.score = hits.first().map_or(hit.score, |h| h.score.max(hit.score))
                    * self.ranking.named_factor;
                hits.insert(0, hit);
            }
        }
        hits.splice(0..0, named);
        if let (true, Some(n)) = (intent == "fiche", fiche) {
            // The fiche's own entries come first, in the order of the corpus.
            let all = self.index.search(
                &SearchRequest {
                    text: String::new(),
                    themes: Vec::new(),
                    ..request.clone()
                },
                self.ranking,
            );
            if let Ok(all) = all {
                hits.extend(all);
            }
            hits.extend(
                self.corpus
                    .entries_of_fiche(n)
                    .filter(|(_, e)| e.source.document == "kit-municipal")
                    .map(|(ord, _)| Hit { ord, score: 0.0 }),
            );
        }
        // A whole fiche is wanted whole: no cut-off on weak matches.
        let cutoff = if intent == "fiche" {
            0.0
        } else {
            self.ranking.relative_cutoff
        };
        let found = hits
            .iter()
            .filter_map(|h| Some(self.corpus.entry_at(h.ord)?.id.as_str()))
            .collect();
        // `hits` is best first: the first entry of the kind is its best.
        let aside = self.ranking.aside(intent).and_then(|kind| {
            hits.iter()
                .filter_map(|h| Some((self.corpus.entry_at(h.ord)?, h.score)))
                .find(|(e, _)| e.kind == kind)
        });
        let mut items = self.diversify(hits, self.ranking.quotas(intent), profile, cutoff);
        if let Some((e, score)) = aside {
            let best = items.first().map_or(0.0, |(_, s)| *s);
            if score >= best * cutoff && !items.iter().any(|(i, _)| i.id == e.id) {
                // After the others, so no higher than the last of them: items stay best first.
                let last = items.last().map_or(score, |(_, s)| *s);
                items.push((e, score.min(last)));
            }
        }
        // An example or an actor named by a name of its own answers whatever the question
        // asks of it (« Epicentre Factory, c'est quoi ? », « Mèli-Mélo : combien … ? »), past
        // the quotas of the intent.
        for &ord in u.named_alone.iter().rev().filter(|&&ord| !recipient(ord)) {
            let Some(e) = self.corpus.entry_at(ord) else {
                continue;
            };
            if !items.iter().any(|(i, _)| i.id == e.id) {
                let best = items.first().map_or(1.0, |(_, s)| *s);
                items.insert(0, (e, best));
            }
        }
        if intent == "fiche" && fiche.is_some() {
            // « la fiche 22 » asks for the fiche itself: it leads, its entries follow.
            items.sort_by_key(|(e, _)| e.kind != Kind::Fiche);
        } else {
            self.add_fiches_of_the_first(&mut items);
        }
        Ok(Retrieved { items, found })
    }

    /// The kit fiches the first two levers or examples come from, added at the end when the
    /// search did not bring them: the « Fiches de référence » of an answer include the fiche
    /// its first lever is read in (« ESS & ruralité » for rural mobility).
    fn add_fiches_of_the_first<'e>(&'e self, items: &mut Vec<(&'e Entry, f32)>) {
        let wanted: Vec<u32> = items
            .iter()
            .filter(|(e, _)| matches!(e.kind, Kind::Levier | Kind::Exemple))
            .filter(|(e, _)| e.source.document == KIT)
            .filter_map(|(e, _)| e.source.fiche)
            .take(2)
            .collect();
        for n in wanted {
            let shown = items
                .iter()
                .any(|(e, _)| e.kind == Kind::Fiche && e.source.fiche == Some(n));
            if shown {
                continue;
            }
            let fiche = self
                .corpus
                .entries_of(Kind::Fiche)
                .find(|e| e.source.fiche == Some(n) && e.source.document == KIT);
            if let Some(f) = fiche {
                items.push((f, 0.0));
            }
        }
    }

    /// Phrases left out of the match. For examples and partners, those that say who asks:
    /// they are told apart by what they do, not by the kind of collectivity their text names
    /// (a lever or a text of law on « la région » is). For resources, the words that ask for
    /// them: « un guide sur les marchés réservés » is about reserved contracts, whatever the
    /// kind of document, and a guide on subsidies is no nearer to it.
    fn unmatched_phrases(&self, intent: &str, profile: &Profile) -> Vec<String> {
        if intent == "ressources" {
            return self.lexicon.cues(intent).map(str::to_string).collect();
        }
        if !matches!(intent, "exemples" | "acteurs") {
            return Vec::new();
        }
        let collectivity = profile
            .kind
            .as_ref()
            .and_then(|k| self.corpus.collectivities.iter().find(|c| &c.id == k));
        let departement = profile
            .departement
            .as_ref()
            .and_then(|code| self.corpus.departements.iter().find(|d| &d.id == code));
        collectivity
            .into_iter()
            .flat_map(|c| std::iter::once(&c.label).chain(&c.synonyms))
            .chain(departement.map(|d| &d.label))
            .cloned()
            .collect()
    }

    /// Gives the entries of each fiche the search found a share of its score: those of the
    /// kind the intent asks for, and texts of law (partners for « qui contacter … ? », not the
    /// fiche's levers; a text keeps its rank against the levers it frames).
    fn share_fiche_scores(&self, hits: &mut [Hit], intent: &str) {
        let asked_kind = self.ranking.quotas(intent).first().map(|(k, _)| *k);
        let fiches: Vec<(&str, Option<u32>, f32)> = hits
            .iter()
            .filter_map(|h| {
                let e = self.corpus.entry_at(h.ord)?;
                (e.kind == Kind::Fiche && e.source.fiche.is_some())
                    .then(|| (e.source.document.as_str(), e.source.fiche, h.score))
            })
            .collect();
        for h in hits.iter_mut() {
            let Some(e) = self.corpus.entry_at(h.ord).filter(|e| {
                let legal = matches!(e.kind, Kind::Texte | Kind::Parametre);
                e.kind != Kind::Fiche && (legal || asked_kind.is_none_or(|k| e.kind == k))
            }) else {
                continue;
            };
            if let Some((_, _, score)) = fiches
                .iter()
                .find(|(d, n, _)| *d == e.source.document && *n == e.source.fiche)
            {
                h.score += self.ranking.fiche_share * score;
            }
        }
    }

    /// Among `hits`, the example or actor whose title holds every content word of `text` (two
    /// at least) and says least besides: the écopôle, not the Ambassade « à l'écopôle
    /// d'Audruicq ».
    fn titled_by(&self, text: &str, hits: &[Hit]) -> Option<usize> {
        let asked = crate::french::content_words(text);
        if asked.len() < 2 {
            return None;
        }
        hits.iter()
            .enumerate()
            .filter_map(|(at, h)| {
                let e = self.corpus.entry_at(h.ord)?;
                let title = crate::french::content_words(&e.title);
                let names = matches!(e.kind, Kind::Exemple | Kind::Acteur)
                    && asked.iter().all(|w| title.contains(w));
                names.then(|| (at, title.iter().filter(|w| !asked.contains(w)).count()))
            })
            .min_by_key(|&(at, besides)| (besides, at))
            .map(|(at, _)| at)
    }

    /// Picks the best entries of each kind up to its quota, then orders them best first.
    /// Examples from the asker's kind of territory come before the others.
    fn diversify(
        &self,
        hits: Vec<Hit>,
        quotas: &[(Kind, usize)],
        profile: &Profile,
        cutoff: f32,
    ) -> Vec<(&Entry, f32)> {
        let mut seen = HashSet::new();
        let mut picked: Vec<(&Entry, f32)> = Vec::new();
        for &(kind, quota) in quotas {
            let mut of_kind: Vec<(&Entry, f32)> = hits
                .iter()
                .filter_map(|h| Some((self.corpus.entry_at(h.ord)?, h.score)))
                .filter(|(e, _)| e.kind == kind)
                .collect();
            if let Some(t) = &profile.territoire {
                // Entries from the asker's kind of territory rank higher, without letting an
                // off-topic rural example beat an on-topic one.
                for (e, score) in of_kind.iter_mut() {
                    if e.territories.contains(t) {
                        *score *= self.ranking.territory_bonus;
                    }
                }
            }
            // Best first within the kind: entries named by a name several share come first in
            // `hits` but keep their own score.
            of_kind.sort_by(|a, b| b.1.total_cmp(&a.1));
            let mut n = 0;
            for (e, score) in of_kind {
                if n == quota {
                    break;
                }
                if seen.insert(e.id.as_str()) {
                    picked.push((e, score));
                    n += 1;
                }
            }
        }
        picked.sort_by(|a, b| b.1.total_cmp(&a.1));
        // Far weaker matches are noise next to the best one.
        let best = picked.first().map_or(0.0, |p| p.1);
        picked.retain(|p| p.1 >= best * cutoff);
        picked
    }
}
