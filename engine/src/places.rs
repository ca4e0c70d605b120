//! What a question says of the asker's place: a commune or an intercommunality named in it
//! (« je suis maire de Bréhal », « la CC Granville Terre et Mer », « 50290 »), found in the
//! gazetteer of `ess-geo`, and what that tells of the profile.

use ess_geo::{EpciKind, Gazetteer, Place};

use crate::profile::{CommuneRef, EpciRef, Profile};

/// The collectivity type of an EPCI, as the corpus names types.
fn epci_type(kind: EpciKind) -> &'static str {
    match kind {
        EpciKind::CommunauteCommunes => "communaute-communes",
        EpciKind::CommunauteAgglomeration => "communaute-agglomeration",
        EpciKind::CommunauteUrbaine => "communaute-urbaine",
        EpciKind::Metropole => "metropole",
    }
}

fn epci_ref(i: usize) -> EpciRef {
    let e = Gazetteer::builtin().epci(i);
    EpciRef {
        siren: e.code.to_string(),
        nom: e.name.to_string(),
        kind: epci_type(e.kind).into(),
        population: e.population,
    }
}

/// « notre intercommunalité » after the commune was named: the EPCI's type and population.
pub(crate) fn switch_to_epci(profile: &mut Profile, known: &Profile) {
    let Some(epci) = &known.epci else { return };
    let asks_for_epci = matches!(
        profile.kind.as_deref(),
        Some(
            "epci"
                | "communaute-communes"
                | "communaute-agglomeration"
                | "communaute-urbaine"
                | "metropole"
        )
    );
    if asks_for_epci && profile.commune.is_none() && profile.epci.is_none() {
        profile.kind = Some(epci.kind.clone());
        profile.population = profile.population.or(epci.population);
        profile.epci = Some(epci.clone());
    }
}

/// Sets the profile from a commune (name or code INSEE, with the département to tell homonyms
/// apart) and an EPCI (name or SIREN), as `ess obligations --commune … --epci …` gives them;
/// says in French what is unknown or ambiguous.
pub fn locate(
    profile: &mut Profile,
    commune: Option<&str>,
    epci: Option<&str>,
) -> Result<(), String> {
    let geo = Gazetteer::builtin();
    if let Some(wanted) = commune {
        let ids = match geo.commune_by_code(wanted) {
            Some(i) => vec![i],
            None => geo.communes_named(wanted),
        };
        let place = narrow(&ids, profile.departement.as_deref());
        match place {
            Some(p @ PlaceRead::Commune(_)) => fill(profile, &p, true),
            Some(PlaceRead::Homonyms { communes, name }) => {
                let list: Vec<String> = communes
                    .iter()
                    .map(|&i| {
                        let c = geo.commune(i);
                        format!(
                            "{} ({})",
                            geo.departement_name(c.departement).unwrap_or(""),
                            c.departement
                        )
                    })
                    .collect();
                return Err(format!(
                    "il existe {} communes nommées {name} : précisez --departement parmi {}",
                    communes.len(),
                    list.join(", ")
                ));
            }
            _ => {
                let near = geo.suggest(wanted, 3);
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ; vouliez-vous dire {} ?",
                        near.iter()
                            .map(|n| format!("« {n} »"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err(format!("commune « {wanted} » inconnue{hint}"));
            }
        }
    }
    if let Some(wanted) = epci {
        let by_siren = (0..geo.epci_count()).find(|&i| geo.epci(i).code == wanted.trim());
        let by_name = || {
            geo.find(wanted).into_iter().find_map(|m| match m.place {
                Place::Epci(i) => Some(i),
                Place::Communes(_) => None,
            })
        };
        match by_siren.or_else(by_name) {
            Some(i) => fill(profile, &PlaceRead::Epci(i), true),
            None => {
                return Err(format!(
                    "intercommunalité « {wanted} » inconnue : donnez son nom (« CC de Granville, Terre et Mer ») ou son SIREN"
                ))
            }
        }
    }
    Ok(())
}

/// A place the question names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PlaceRead {
    /// One commune (an index of the gazetteer).
    Commune(usize),
    /// An intercommunality.
    Epci(usize),
    /// Several communes of one name, no département to tell them apart.
    Homonyms {
        /// The name as the gazetteer writes it.
        name: String,
        /// Their indexes.
        communes: Vec<usize>,
    },
}

/// Homonyms waiting for a département, as a conversation saved by an application holds them:
/// the name and the communes' INSEE codes (gazetteer positions change from one build to the
/// next, codes do not).
pub(crate) mod saved_homonyms {
    use ess_geo::Gazetteer;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::PlaceRead;

    #[derive(Serialize, Deserialize)]
    struct Saved {
        name: String,
        communes: Vec<String>,
    }

    pub fn serialize<S: Serializer>(place: &Option<PlaceRead>, s: S) -> Result<S::Ok, S::Error> {
        let geo = Gazetteer::builtin();
        let saved = match place {
            Some(PlaceRead::Homonyms { name, communes }) => Some(Saved {
                name: name.clone(),
                communes: communes
                    .iter()
                    .map(|&i| geo.commune(i).code.to_string())
                    .collect(),
            }),
            _ => None,
        };
        saved.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PlaceRead>, D::Error> {
        let Some(saved) = Option::<Saved>::deserialize(d)? else {
            return Ok(None);
        };
        let geo = Gazetteer::builtin();
        // A code this build does not know (a commune merged since) is left out.
        let communes: Vec<usize> = saved
            .communes
            .iter()
            .filter_map(|code| geo.commune_by_code(code))
            .collect();
        Ok((!communes.is_empty()).then_some(PlaceRead::Homonyms {
            name: saved.name,
            communes,
        }))
    }
}

/// The first place a question names, narrowed by the département it names, if any, and
/// whether a strong cue named it (« maire de Bréhal », not « demain à Caen »).
pub(crate) fn read(question: &str, departement: Option<&str>) -> Option<(PlaceRead, bool)> {
    // Most questions name no place: they are told apart without parsing the gazetteer.
    if !ess_geo::may_name_a_place(question) {
        return None;
    }
    let geo = Gazetteer::builtin();
    let mention = geo.find(question).into_iter().next()?;
    let place = match mention.place {
        Place::Epci(i) => PlaceRead::Epci(i),
        Place::Communes(ids) => narrow(&ids, departement)?,
    };
    Some((place, mention.strong))
}

/// The one of `communes` a reply names (« Bréhal » after « laquelle ? »), if exactly one.
pub(crate) fn named_among(question: &str, communes: &[usize]) -> Option<PlaceRead> {
    let geo = Gazetteer::builtin();
    let padded = format!(" {} ", ess_geo::fold(question));
    let named: Vec<usize> = communes
        .iter()
        .copied()
        .filter(|&i| padded.contains(&format!(" {} ", ess_geo::fold(geo.commune(i).name))))
        .collect();
    match named.as_slice() {
        [one] => Some(PlaceRead::Commune(*one)),
        _ => None,
    }
}

/// Homonyms told apart by a département, when it leaves one.
pub(crate) fn narrow(communes: &[usize], departement: Option<&str>) -> Option<PlaceRead> {
    let geo = Gazetteer::builtin();
    let communes = match departement {
        Some(d) if communes.len() > 1 => {
            let kept = geo.in_departement(communes, d);
            if kept.is_empty() {
                communes.to_vec()
            } else {
                kept
            }
        }
        _ => communes.to_vec(),
    };
    match communes.as_slice() {
        [] => None,
        [one] => Some(PlaceRead::Commune(*one)),
        [first, ..] => Some(PlaceRead::Homonyms {
            name: geo.commune(*first).name.to_string(),
            communes,
        }),
    }
}

/// What a place says of the profile: the commune's or the EPCI's kind, population,
/// département and name when it is the asker's (`stated`); only where it is otherwise (« des
/// exemples à Caen » says where to look, not who asks).
pub(crate) fn fill(profile: &mut Profile, place: &PlaceRead, stated: bool) {
    let geo = Gazetteer::builtin();
    if !stated {
        if let PlaceRead::Commune(i) = place {
            profile.departement = Some(geo.commune(*i).departement.to_string());
        }
        return;
    }
    match place {
        PlaceRead::Commune(i) => {
            let c = geo.commune(*i);
            profile.kind = Some("commune".into());
            profile.population = c.population.or(profile.population);
            profile.departement = Some(c.departement.to_string());
            profile.commune = Some(CommuneRef {
                code: c.code.to_string(),
                nom: c.name.to_string(),
            });
            profile.epci = c.epci.map(epci_ref);
        }
        PlaceRead::Epci(i) => {
            let e = epci_ref(*i);
            profile.kind = Some(e.kind.clone());
            profile.population = e.population.or(profile.population);
            if let [one] = geo.epci_departements(*i)[..] {
                profile.departement = Some(one.to_string());
            }
            profile.commune = None;
            profile.epci = Some(e);
        }
        PlaceRead::Homonyms { .. } => {}
    }
}

/// The line an answer opens with when it recognised a place, in French.
pub(crate) fn recognised(place: &PlaceRead) -> Option<String> {
    let geo = Gazetteer::builtin();
    let people = |n: Option<u64>| {
        n.map(|n| format!(", {} habitants", crate::french::number(n as f64)))
            .unwrap_or_default()
    };
    match place {
        PlaceRead::Commune(i) => {
            let c = geo.commune(*i);
            let dep = geo.departement_name(c.departement).unwrap_or(c.departement);
            let member = c
                .epci
                .map(|e| format!(", membre de « {} »", geo.epci(e).name))
                .unwrap_or_default();
            Some(format!(
                "Collectivité reconnue : {} ({dep}), commune{}{member} (populations légales INSEE, découpage administratif {}).",
                c.name,
                people(c.population),
                ess_geo::VINTAGE.trim()
            ))
        }
        PlaceRead::Epci(i) => {
            let e = geo.epci(*i);
            Some(format!(
                "Collectivité reconnue : {}{} ({} communes membres).",
                e.name,
                people(e.population),
                e.members.len()
            ))
        }
        PlaceRead::Homonyms { .. } => None,
    }
}

/// The question that tells homonyms apart (by département), or the communes of one postal
/// code apart (by name).
pub(crate) fn which_departement(place: &PlaceRead) -> Option<String> {
    let PlaceRead::Homonyms { name, communes } = place else {
        return None;
    };
    let geo = Gazetteer::builtin();
    let names: Vec<&str> = communes.iter().map(|&i| geo.commune(i).name).collect();
    if names.iter().any(|n| n != name) {
        return Some(format!(
            "{} communes correspondent ({}) : laquelle ?",
            communes.len(),
            names.join(", ")
        ));
    }
    let mut deps: Vec<String> = communes
        .iter()
        .map(|&i| {
            let d = geo.commune(i).departement;
            format!("{} ({d})", geo.departement_name(d).unwrap_or(d))
        })
        .collect();
    deps.sort();
    deps.dedup();
    Some(format!(
        "Il existe {} communes nommées {name} : dans quel département ? ({})",
        communes.len(),
        deps.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commune_fills_the_profile() {
        let (place, strong) = read("je suis maire de Bréhal", None).expect("Bréhal is found");
        assert!(strong);
        let mut p = Profile::default();
        fill(&mut p, &place, strong);
        assert_eq!(p.kind.as_deref(), Some("commune"));
        assert_eq!(p.departement.as_deref(), Some("50"));
        assert_eq!(p.commune.as_ref().map(|c| c.code.as_str()), Some("50076"));
        assert_eq!(
            p.epci.as_ref().map(|e| e.kind.as_str()),
            Some("communaute-communes")
        );
        assert!(p.population.is_some_and(|n| n > 3000));
        assert!(recognised(&place)
            .unwrap()
            .starts_with("Collectivité reconnue : Bréhal (Manche), commune"));
    }

    #[test]
    fn homonyms_ask_for_the_departement_unless_it_is_named() {
        let (place, _) = read("pour la commune de Sainte-Colombe", None).unwrap();
        let question = which_departement(&place).unwrap();
        assert!(
            question.starts_with(
                "Il existe 12 communes nommées Sainte-Colombe : dans quel département ?"
            ),
            "{question}"
        );
        let PlaceRead::Homonyms { communes, .. } = place else {
            panic!()
        };
        assert!(matches!(
            narrow(&communes, Some("69")),
            Some(PlaceRead::Commune(_))
        ));
        assert!(matches!(
            read("pour la commune de Sainte-Colombe", Some("69")),
            Some((PlaceRead::Commune(_), true))
        ));
    }

    #[test]
    fn questions_without_a_place_do_not_load_the_gazetteer() {
        use ess_geo::may_name_a_place;
        assert!(!may_name_a_place("Quels leviers pour l'ESS ?"));
        assert!(!may_name_a_place(
            "Quels leviers pour la mobilité en milieu rural ?"
        ));
        assert!(may_name_a_place("je suis maire de Bréhal"));
        assert!(may_name_a_place("code 50290"));
    }
}
