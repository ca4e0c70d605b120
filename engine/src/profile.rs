//! Who is asking: the profile of a collectivity. Every field may be unknown.

use ess_corpus::{CollectivityTypeId, TerritoryId};
use serde::{Deserialize, Serialize};

/// A commune, as INSEE names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CommuneRef {
    /// Code INSEE.
    pub code: String,
    /// Official name.
    pub nom: String,
}

/// An intercommunality with its own taxation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EpciRef {
    /// SIREN.
    pub siren: String,
    /// Official name.
    pub nom: String,
    /// Its collectivity type (`communaute-communes`, `communaute-agglomeration`,
    /// `communaute-urbaine`, `metropole`).
    #[serde(rename = "type")]
    pub kind: CollectivityTypeId,
    /// Total population (INSEE), when known.
    pub population: Option<u64>,
}

/// A collectivity's type, size, territory and competences, as far as they are known.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Profile {
    /// Collectivity type id (`commune`, `communaute-agglomeration`…, see `collectivites.toml`).
    #[serde(rename = "type")]
    pub kind: Option<CollectivityTypeId>,
    /// Inhabitants.
    pub population: Option<u64>,
    /// Number of agents (staff).
    pub agents: Option<u64>,
    /// Annual purchases, euros excluding tax.
    pub achats_annuels_ht: Option<f64>,
    /// The annual amount of a subsidy the question is about, euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subvention: Option<f64>,
    /// The estimated value of a works contract the question is about, euros excluding tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marche_travaux_ht: Option<f64>,
    /// The estimated value of a supplies or services contract, euros excluding tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marche_fournitures_services_ht: Option<f64>,
    /// The share of a SCIC's capital the collectivities would hold together, per cent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_capital_scic: Option<f64>,
    /// The amount of aid to one undertaking the question is about, euros (its de minimis aid
    /// over three years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aide_entreprise: Option<f64>,
    /// The initial endowment of a fonds de dotation the question is about, euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dotation_initiale: Option<f64>,
    /// Territory id (`rural`, `urbain`, `qpv`, `centre-ville`…).
    pub territoire: Option<TerritoryId>,
    /// Département code ("50", "2A").
    pub departement: Option<String>,
    /// Région name or code.
    pub region: Option<String>,
    /// The commune named (« Bréhal », 50076).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<CommuneRef>,
    /// The intercommunality named, or the one the commune belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epci: Option<EpciRef>,
    /// Competences held, when stated: ids of the competence taxonomy, or `sans:ID` for one
    /// the type holds by default but this collectivity does not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competences: Vec<String>,
}

impl Profile {
    /// The fields this profile gives (their JSON names), in the order of the struct.
    pub fn known_fields(&self) -> Vec<String> {
        let value = serde_json::to_value(self).unwrap_or_default();
        let Some(fields) = value.as_object() else {
            return Vec::new();
        };
        fields
            .iter()
            .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Sets the numeric fact `id` (a field of `faits.toml` with a `quantity`); `false` when
    /// the profile has no such number.
    pub fn set_number(&mut self, id: &str, value: f64) -> bool {
        let count = || (value >= 0.0 && value <= u64::MAX as f64).then_some(value.round() as u64);
        match id {
            "population" => self.population = count(),
            "agents" => self.agents = count(),
            "achats_annuels_ht" => self.achats_annuels_ht = Some(value),
            "subvention" => self.subvention = Some(value),
            "marche_travaux_ht" => self.marche_travaux_ht = Some(value),
            "marche_fournitures_services_ht" => self.marche_fournitures_services_ht = Some(value),
            "part_capital_scic" => self.part_capital_scic = Some(value),
            "aide_entreprise" => self.aide_entreprise = Some(value),
            "dotation_initiale" => self.dotation_initiale = Some(value),
            _ => return false,
        }
        true
    }

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
        if self.kind.is_some() && newer.kind.is_some() && newer.kind != self.kind {
            // "et pour un département ?": another collectivity, whose size and competences
            // are not those of the previous one; the place stays.
            self.population = None;
            self.agents = None;
            self.achats_annuels_ht = None;
            self.competences.clear();
            let epci_kind = self.epci.as_ref().map(|e| e.kind.as_str());
            if newer.kind.as_deref() != epci_kind {
                // Not « notre intercommunalité » after the commune: another collectivity.
                self.commune = None;
                self.epci = None;
            }
        }
        take(&mut self.kind, &newer.kind);
        take(&mut self.population, &newer.population);
        take(&mut self.agents, &newer.agents);
        take(&mut self.achats_annuels_ht, &newer.achats_annuels_ht);
        // A subsidy or a contract belongs to the project asked about, not to the collectivity:
        // it stays when the collectivity changes.
        take(&mut self.subvention, &newer.subvention);
        take(&mut self.marche_travaux_ht, &newer.marche_travaux_ht);
        take(
            &mut self.marche_fournitures_services_ht,
            &newer.marche_fournitures_services_ht,
        );
        take(&mut self.part_capital_scic, &newer.part_capital_scic);
        take(&mut self.aide_entreprise, &newer.aide_entreprise);
        take(&mut self.dotation_initiale, &newer.dotation_initiale);
        take(&mut self.territoire, &newer.territoire);
        take(&mut self.departement, &newer.departement);
        take(&mut self.region, &newer.region);
        if newer.commune.is_some() || newer.epci.is_some() {
            // Another place: its names replace the previous ones, together.
            self.commune.clone_from(&newer.commune);
            self.epci.clone_from(&newer.epci);
        }
        for c in &newer.competences {
            if !self.competences.contains(c) {
                self.competences.push(c.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Profile;

    fn of(kind: Option<&str>, population: Option<u64>) -> Profile {
        Profile {
            kind: kind.map(Into::into),
            population,
            ..Profile::default()
        }
    }

    #[test]
    fn another_collectivity_forgets_the_size_of_the_previous_one() {
        let mut p = of(Some("communaute-communes"), Some(15_000));
        p.merge(&of(Some("departement"), None));
        assert_eq!(p.kind.as_deref(), Some("departement"));
        assert_eq!(p.population, None);
    }

    #[test]
    fn naming_the_type_keeps_the_size_already_given() {
        let mut p = of(None, Some(5_200));
        p.merge(&of(Some("commune"), None));
        assert_eq!(p.population, Some(5_200));
        let mut same = of(Some("commune"), Some(900));
        same.merge(&of(Some("commune"), None));
        assert_eq!(same.population, Some(900));
    }
}
