//! Who is asking: the profile of a collectivity. Every field may be unknown.

use serde::{Deserialize, Serialize};

/// A collectivity's type, size, territory and competences, as far as they are known.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Collectivity type id (`commune`, `communaute-agglomeration`…, see `collectivites.toml`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Inhabitants.
    pub population: Option<u64>,
    /// Number of agents (staff).
    pub agents: Option<u64>,
    /// Annual purchases, euros excluding tax.
    pub achats_annuels_ht: Option<f64>,
    /// Territory id (`rural`, `urbain`, `qpv`, `centre-ville`…).
    pub territoire: Option<String>,
    /// Département code ("50", "2A").
    pub departement: Option<String>,
    pub region: Option<String>,
    /// Competences held, when stated (ids of the competence taxonomy).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competences: Vec<String>,
}

impl Profile {
    /// Whether anything at all is known.
    pub fn is_empty(&self) -> bool {
        *self == Profile::default()
    }

    /// Fills what `newer` states, keeping what it leaves unknown: a later turn of a
    /// conversation refines the profile of the earlier ones.
    pub fn merge(&mut self, newer: &Profile) {
        fn take<T: Clone>(old: &mut Option<T>, new: &Option<T>) {
            if new.is_some() {
                old.clone_from(new);
            }
        }
        take(&mut self.kind, &newer.kind);
        take(&mut self.population, &newer.population);
        take(&mut self.agents, &newer.agents);
        take(&mut self.achats_annuels_ht, &newer.achats_annuels_ht);
        take(&mut self.territoire, &newer.territoire);
        take(&mut self.departement, &newer.departement);
        take(&mut self.region, &newer.region);
        for c in &newer.competences {
            if !self.competences.contains(c) {
                self.competences.push(c.clone());
            }
        }
    }
}
