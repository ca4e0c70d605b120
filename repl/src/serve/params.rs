//! What `ess serve` reads and adds: a profile from JSON or from the query of an address, as
//! `ess obligations` reads it from its options; and the official links of an answer.

use ess_corpus::{Corpus, Entry};
use ess_engine::Answer;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::obligations::Args;

/// The fields of a profile, in `POST /api/ask` and as parameters of `GET /api/obligations`.
pub const PROFILE_FIELDS: [&str; 11] = [
    "type",
    "population",
    "agents",
    "achats",
    "achats_annuels_ht",
    "territoire",
    "departement",
    "region",
    "commune",
    "epci",
    "competences",
];

/// The profile of `POST /api/ask`, as a client writes it; the profile of an answer can be sent
/// back as it is (its commune and intercommunality are objects there).
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used; the fields are read one by one to name errors.
pub struct ProfileInput {
    /// Type de collectivité : `commune`, `communaute-communes`, `communaute-agglomeration`,
    /// `communaute-urbaine`, `metropole`, `departement`, `region`, `pays-petr`,
    /// `syndicat-mixte`, `pnr` (ou son nom, « communauté d'agglomération »).
    #[serde(rename = "type")]
    kind: Option<String>,
    /// Nombre d'habitants.
    population: Option<u64>,
    /// Nombre d'agents.
    agents: Option<u64>,
    /// Montant annuel des achats, en euros HT (`achats_annuels_ht` est accepté aussi) ; un texte
    /// avec son unité (« 70 M€ », « 800 k€ ») est lu aussi.
    achats: Option<f64>,
    /// Territoire : `rural`, `urbain`, `periurbain`, `qpv`, `centre-ville`, `littoral`,
    /// `montagne`.
    territoire: Option<String>,
    /// Code du département (« 50 », « 2A »).
    departement: Option<String>,
    /// Région.
    region: Option<String>,
    /// Commune : nom ou code INSEE, ou l'objet `{"code", "nom"}` d'une réponse.
    commune: Option<Value>,
    /// Intercommunalité : nom ou SIREN, ou l'objet `{"siren", …}` d'une réponse.
    epci: Option<Value>,
    /// Compétences exercées en plus de celles du type ; « sans:ID » en retire une.
    competences: Option<Vec<String>>,
}

/// A profile object of `POST /api/ask` read as `ess obligations` options; the field at fault
/// is named.
pub fn profile_args(value: &Value) -> Result<Args, String> {
    let Some(object) = value.as_object() else {
        return Err(
            "le champ « profile » doit être un objet, par exemple {\"type\": \"commune\", \"population\": 900}"
                .into(),
        );
    };
    let mut args = Args::default();
    for (key, value) in object {
        let field = format!("profile.{key}");
        if value.is_null() {
            continue;
        }
        match key.as_str() {
            "type" => args.kind = Some(text(value, &field)?),
            "population" => args.population = Some(count(value, &field)?),
            "agents" => args.agents = Some(count(value, &field)?),
            "achats" | "achats_annuels_ht" => args.achats = Some(amount(value, &field)?),
            "territoire" => args.territoire = Some(text(value, &field)?),
            "departement" => args.departement = Some(text(value, &field)?),
            "region" => args.region = Some(text(value, &field)?),
            "commune" => args.commune = Some(place(value, &field, "code")?),
            "epci" => args.epci = Some(place(value, &field, "siren")?),
            "competences" => {
                let Some(list) = value.as_array() else {
                    return Err(format!(
                        "le champ « {field} » doit être une liste de textes"
                    ));
                };
                for item in list {
                    args.competences.push(text(item, &field)?);
                }
            }
            // Fields an answer's profile carries that a profile sent back may hold: they
            // belong to the question (a subsidy, a contract), not to the collectivity.
            "subvention"
            | "marche_travaux_ht"
            | "marche_fournitures_services_ht"
            | "part_capital_scic"
            | "aide_entreprise"
            | "dotation_initiale" => {}
            _ => {
                return Err(format!(
                    "champ « {field} » inconnu ; champs permis : {}",
                    PROFILE_FIELDS.join(", ")
                ))
            }
        }
    }
    Ok(args)
}

/// The query of `GET /api/obligations` read as `ess obligations` options.
pub fn query_args(pairs: &[(String, String)]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut seen = std::collections::HashSet::new();
    for (key, value) in pairs {
        let field = format!("paramètre « {key} »");
        let once = |seen: &mut std::collections::HashSet<String>| {
            if seen.insert(key.clone()) {
                Ok(())
            } else {
                Err(format!("le {field} est présent deux fois"))
            }
        };
        let value = value.trim();
        let value_of = || Some(value.to_string()).filter(|v| !v.is_empty());
        match key.as_str() {
            "competence" | "competences" => {
                if !value.is_empty() {
                    args.competences.push(value.to_string());
                }
                continue;
            }
            _ => once(&mut seen)?,
        }
        match key.as_str() {
            "type" => args.kind = value_of(),
            "population" | "agents" if !value.is_empty() => {
                let n = crate::args::count(value).map_err(|why| format!("{field} : {why}"))?;
                if key == "population" {
                    args.population = Some(n);
                } else {
                    args.agents = Some(n);
                }
            }
            "achats" | "achats_annuels_ht" if !value.is_empty() => {
                args.achats =
                    Some(crate::args::amount(value).map_err(|why| format!("{field} : {why}"))?);
            }
            "population" | "agents" | "achats" | "achats_annuels_ht" => {}
            // The amounts of one subsidy, contract, aid, share or endowment, as the options
            // of `ess obligations` give them.
            "subvention"
            | "marche_travaux"
            | "marche_fournitures_services"
            | "aide_entreprise"
            | "dotation_initiale"
                if !value.is_empty() =>
            {
                let n = crate::args::amount(value).map_err(|why| format!("{field} : {why}"))?;
                let slot = match key.as_str() {
                    "subvention" => &mut args.subvention,
                    "marche_travaux" => &mut args.marche_travaux,
                    "marche_fournitures_services" => &mut args.marche_fournitures_services,
                    "aide_entreprise" => &mut args.aide_entreprise,
                    _ => &mut args.dotation_initiale,
                };
                *slot = Some(n);
            }
            "part_capital_scic" if !value.is_empty() => {
                args.part_capital_scic =
                    Some(crate::args::share(value).map_err(|why| format!("{field} : {why}"))?);
            }
            "subvention"
            | "marche_travaux"
            | "marche_fournitures_services"
            | "aide_entreprise"
            | "dotation_initiale"
            | "part_capital_scic" => {}
            "territoire" => args.territoire = value_of(),
            "departement" => args.departement = value_of(),
            "region" => args.region = value_of(),
            "commune" => args.commune = value_of(),
            "epci" => args.epci = value_of(),
            "date" => args.date = value_of(),
            _ => {
                return Err(format!(
                    "paramètre « {key} » inconnu ; paramètres permis : type, population, agents, achats, subvention, marche_travaux, marche_fournitures_services, aide_entreprise, part_capital_scic, dotation_initiale, territoire, departement, region, commune, epci, competence, date"
                ))
            }
        }
    }
    Ok(args)
}

fn text(value: &Value, field: &str) -> Result<String, String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
        Value::String(_) => Err(format!("le champ « {field} » est vide")),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(format!("le champ « {field} » doit être un texte")),
    }
}

fn count(value: &Value, field: &str) -> Result<u64, String> {
    match value {
        Value::Number(n) => n.as_u64().ok_or_else(|| {
            format!("le champ « {field} » doit être un nombre entier positif, par exemple 3500")
        }),
        Value::String(s) => {
            crate::args::count(s).map_err(|why| format!("champ « {field} » : {why}"))
        }
        _ => Err(format!(
            "le champ « {field} » doit être un nombre entier positif, par exemple 3500"
        )),
    }
}

fn amount(value: &Value, field: &str) -> Result<f64, String> {
    let bad = || {
        format!("le champ « {field} » doit être un montant positif en euros, par exemple 70000000 ou « 70 M€ »")
    };
    match value {
        Value::Number(n) => n
            .as_f64()
            .filter(|a| a.is_finite() && *a >= 0.0)
            .ok_or_else(bad),
        Value::String(s) => crate::args::amount(s).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// A commune or an intercommunality: its name or code, or the object of an answer's profile.
fn place(value: &Value, field: &str, code: &str) -> Result<String, String> {
    match value {
        Value::Object(o) => o
            .get(code)
            .or_else(|| o.get("nom"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("le champ « {field} » doit porter « {code} » ou « nom »")),
        other => text(other, field),
    }
}

/// An official page an answer cites: the entry (or the legal parameter) and its address.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Link {
    /// The id of the item, of the text or of the parameter cited.
    pub id: String,
    /// The title of the page (the official title of a legal text).
    pub title: String,
    /// Its address (Légifrance, EUR-Lex, the publisher's page…).
    pub url: String,
}

/// The official pages behind an answer's items and verdicts: an entry's own address, else the
/// legal text it restates, else its source document; then the texts that set the values in
/// force. Each address once, in the order of the answer.
pub fn links(corpus: &Corpus, answer: &Answer) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    let mut push = |link: Option<Link>| {
        if let Some(link) = link {
            if !out.iter().any(|l| l.url == link.url) {
                out.push(link);
            }
        }
    };
    for item in &answer.items {
        push(corpus.entry(&item.id).and_then(|e| entry_link(corpus, e)));
    }
    for verdict in &answer.obligations {
        for id in &verdict.reference_ids {
            push(corpus.entry(id).and_then(|e| entry_link(corpus, e)));
        }
        for parameter in &verdict.parameters {
            push(parameter.reference.as_ref().and_then(|r| {
                r.url.as_ref().map(|url| Link {
                    id: parameter.id.clone(),
                    title: r.title.clone(),
                    url: url.clone(),
                })
            }));
        }
    }
    out
}

fn entry_link(corpus: &Corpus, entry: &Entry) -> Option<Link> {
    let (title, url) = corpus.where_to_read(entry)?;
    Some(Link {
        id: entry.id.to_string(),
        title: title.to_string(),
        url: url.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_profile_is_read_field_by_field() {
        let args = profile_args(&json!({
            "type": "commune", "population": 900, "achats": "1 500 000",
            "commune": {"code": "50076", "nom": "Bréhal"}, "competences": ["mobilite"],
            "subvention": 5000
        }))
        .unwrap();
        assert_eq!(args.kind.as_deref(), Some("commune"));
        assert_eq!(args.population, Some(900));
        assert_eq!(args.achats, Some(1_500_000.0));
        assert_eq!(args.commune.as_deref(), Some("50076"));
        assert_eq!(args.competences, ["mobilite"]);
        let err = |v: Value| profile_args(&v).err().unwrap();
        assert!(err(json!({"population": -3})).contains("« profile.population »"));
        assert!(err(json!({"population": 2.5})).contains("entier positif"));
        assert!(err(json!({"achats": "beaucoup"})).contains("« profile.achats »"));
        assert!(err(json!({"taille": 3})).contains("champ « profile.taille » inconnu"));
        assert!(err(json!({"type": ""})).contains("« profile.type » est vide"));
        assert!(err(json!("commune")).contains("doit être un objet"));
    }

    #[test]
    fn a_query_is_read_parameter_by_parameter() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let args = query_args(&pairs(&[
            ("type", "communaute_agglomeration"),
            ("achats", "70000000"),
            ("competence", "a"),
            ("competence", "b"),
            ("population", ""),
        ]))
        .unwrap();
        assert_eq!(args.kind.as_deref(), Some("communaute_agglomeration"));
        assert_eq!(args.achats, Some(70_000_000.0));
        assert_eq!(args.competences, ["a", "b"]);
        assert_eq!(args.population, None);
        let err = |list: &[(&str, &str)]| query_args(&pairs(list)).err().unwrap();
        assert!(err(&[("population", "beaucoup")]).contains("paramètre « population »"));
        assert!(err(&[("taille", "3")]).contains("paramètre « taille » inconnu"));
        assert!(err(&[("type", "a"), ("type", "b")]).contains("présent deux fois"));
        let args = query_args(&pairs(&[
            ("subvention", "23 001 €"),
            ("marche_travaux", "99999"),
            ("marche_fournitures_services", "45 k€"),
            ("aide_entreprise", "300000"),
            ("part_capital_scic", "50 %"),
            ("dotation_initiale", ""),
        ]))
        .unwrap();
        assert_eq!(args.subvention, Some(23_001.0));
        assert_eq!(args.marche_travaux, Some(99_999.0));
        assert_eq!(args.marche_fournitures_services, Some(45_000.0));
        assert_eq!(args.aide_entreprise, Some(300_000.0));
        assert_eq!(args.part_capital_scic, Some(50.0));
        assert_eq!(args.dotation_initiale, None);
        assert!(err(&[("part_capital_scic", "120")]).contains("de 0 à 100"));
        assert!(err(&[("subvention", "-5")]).contains("paramètre « subvention »"));
    }
}
