//! The OpenAPI 3.1 document of `ess serve` (`GET /api/openapi.json`).
//!
//! Its schemas are generated from the types, by the same generator (schemars, JSON Schema
//! 2020-12, which OpenAPI 3.1 uses as it is) that writes `repl/schema/answer.schema.json`:
//! the answer ([`ess_engine::Answer`] and what it holds), the request and its profile, the
//! links, the errors. Two responses are described by hand around generated parts, because
//! their types carry no schema in the engine: the evaluation of `/api/obligations` (its
//! `profile` and `obligations` are generated, its `levers` only typed as objects) and the fiche
//! of `/api/fiches/{n}` (the fields every entry has). A test validates real responses against
//! this document.

use schemars::JsonSchema;
use serde_json::{json, Map, Value};

use super::params::{Link, ProfileInput};

/// The body of `POST /api/ask`.
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used; the body is read by `jsonl::parse_request`.
struct AskRequest {
    /// La question, en français (au plus 10 000 caractères).
    q: String,
    /// L'identifiant de la conversation à poursuivre, tel que la réponse précédente le donne ;
    /// absent, une conversation nouvelle commence. Un identifiant inconnu ou oublié (plus de
    /// 5 000 conversations, ou une heure sans question) commence une conversation nouvelle.
    conversation: Option<String>,
    /// La date à laquelle le droit est évalué, AAAA-MM-JJ ; aujourd'hui par défaut.
    date: Option<String>,
    /// Ce que l'on sait de la collectivité ; il complète ce que la conversation a retenu.
    profile: Option<ProfileInput>,
}

/// What `POST /api/ask` adds to the answer of `ess ask --json`.
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct AskAdditions {
    /// L'identifiant à renvoyer avec la question suivante pour garder le contexte.
    conversation: String,
    /// Les pages officielles des entrées et des textes cités (une fois chaque adresse).
    links: Vec<Link>,
}

/// Every error of the API.
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct ApiError {
    /// Ce qui ne va pas, en français, avec le champ ou le paramètre en cause.
    #[schemars(length(min = 1))]
    error: String,
}

/// `GET /api/health`.
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct Health {
    /// Toujours « ok » quand le serveur répond.
    status: String,
    /// La version de `ess`.
    version: String,
    /// Le nombre d'entrées du corpus.
    entries: u64,
    /// Le nombre de règles.
    rules: u64,
    /// Le nombre de conversations gardées.
    conversations: u64,
    /// Depuis combien de secondes le serveur tourne.
    uptime_s: u64,
}

/// Rewrites every `$ref` of `value` from `#/$defs/X` to `#/components/schemas/X`.
fn to_components(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "$ref" {
                    if let Value::String(r) = v {
                        if let Some(name) = r.strip_prefix("#/$defs/") {
                            *r = format!("#/components/schemas/{name}");
                        }
                    }
                } else {
                    to_components(v);
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(to_components),
        _ => {}
    }
}

/// The schemas of the components, generated from the types.
fn schemas() -> Map<String, Value> {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let _ = generator.subschema_for::<ess_engine::Answer>();
    let _ = generator.subschema_for::<AskRequest>();
    let _ = generator.subschema_for::<AskAdditions>();
    let _ = generator.subschema_for::<ApiError>();
    let _ = generator.subschema_for::<Health>();
    let mut schemas = generator.take_definitions(true);
    // Refs written by the generator under another path would dangle: make them all ours.
    for schema in schemas.values_mut() {
        to_components(schema);
    }
    schemas.insert(
        "AskResponse".into(),
        json!({
            "description": "La réponse de `ess ask --json` (même schéma), avec l'identifiant de la conversation et les liens officiels.",
            "allOf": [
                {"$ref": "#/components/schemas/Answer"},
                {"$ref": "#/components/schemas/AskAdditions"}
            ]
        }),
    );
    schemas.insert(
        "Evaluation".into(),
        json!({
            "description": "Ce que `ess obligations --json` écrit : les obligations et les leviers d'un profil à une date.",
            "type": "object",
            "required": ["date", "profile", "competences", "obligations", "levers", "textes_officiels"],
            "properties": {
                "date": {"$ref": "#/components/schemas/Date"},
                "profile": {"$ref": "#/components/schemas/Profile"},
                "competences": {"type": ["array", "null"], "items": {"type": "string"}},
                "obligations": {"type": "array", "items": {"$ref": "#/components/schemas/Verdict"}},
                "levers": {
                    "description": "Les leviers, du plus accessible au moins accessible (groupes de leviers avec leur statut et leur raison).",
                    "type": "array", "items": {"type": "object"}
                },
                "textes_officiels": {
                    "description": "Les textes officiels en vigueur à la date sur lesquels reposent les verdicts, chacun une fois, avec leur adresse quand elle est connue.",
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["label", "url"],
                        "properties": {
                            "label": {"type": "string"},
                            "url": {"type": ["string", "null"]}
                        }
                    }
                }
            }
        }),
    );
    schemas.insert(
        "Fiche".into(),
        json!({
            "description": "Une fiche du Kit Municipal ESS, telle que `ess corpus export` l'écrit.",
            "type": "object",
            "required": ["kind", "id", "title", "text", "themes", "source"],
            "properties": {
                "kind": {"const": "fiche"},
                "id": {"type": "string"},
                "title": {"type": "string", "minLength": 1},
                "text": {"type": "string", "minLength": 1},
                "themes": {"type": "array", "items": {"type": "string"}},
                "source": {
                    "type": "object",
                    "required": ["document", "fiche"],
                    "properties": {
                        "document": {"const": "kit-municipal"},
                        "fiche": {"type": "integer", "minimum": 1},
                        "page": {"type": ["integer", "null"]}
                    }
                }
            }
        }),
    );
    schemas
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    })
}

fn ok(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
    })
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

/// The whole document.
pub fn document() -> Value {
    let busy = error_response("Serveur saturé, ou réponse hors du délai de 10 s.");
    let obligations_parameters = json!([
        query("type", "Type de collectivité (commune, communaute-agglomeration…).", json!({"type": "string"})),
        query("population", "Nombre d'habitants.", json!({"type": "integer", "minimum": 0})),
        query("agents", "Nombre d'agents.", json!({"type": "integer", "minimum": 0})),
        query("achats", "Montant annuel des achats, en euros HT.", json!({"type": "number", "minimum": 0})),
        query("subvention", "Subvention annuelle envisagée pour un organisme, en euros.", json!({"type": "number", "minimum": 0})),
        query("marche_travaux", "Valeur estimée d'un marché de travaux, en euros HT.", json!({"type": "number", "minimum": 0})),
        query("marche_fournitures_services", "Valeur estimée d'un marché de fournitures ou de services, en euros HT.", json!({"type": "number", "minimum": 0})),
        query("aide_entreprise", "Aides de minimis reçues par une entreprise sur trois ans, en euros.", json!({"type": "number", "minimum": 0})),
        query("part_capital_scic", "Part du capital d'une SCIC détenue par les collectivités, en pour cent.", json!({"type": "number", "minimum": 0, "maximum": 100})),
        query("dotation_initiale", "Dotation initiale d'un fonds de dotation, en euros.", json!({"type": "number", "minimum": 0})),
        query("territoire", "Territoire (rural, urbain, qpv…).", json!({"type": "string"})),
        query("departement", "Code du département (« 50 », « 2A »).", json!({"type": "string"})),
        query("region", "Région.", json!({"type": "string"})),
        query("commune", "Commune, par son nom ou son code INSEE.", json!({"type": "string"})),
        query("epci", "Intercommunalité, par son nom ou son SIREN.", json!({"type": "string"})),
        {"name": "competence", "in": "query", "required": false, "explode": true,
         "description": "Compétence exercée en plus de celles du type (répétable) ; « sans:ID » en retire une.",
         "schema": {"type": "array", "items": {"type": "string"}}},
        query("date", "Date à laquelle le droit est évalué, AAAA-MM-JJ (aujourd'hui par défaut).", json!({"type": "string"})),
    ]);
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "ess — l'économie sociale et solidaire pour les collectivités",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "L'API HTTP de `ess serve` : les réponses de `ess ask --json` et de `ess obligations --json`, les fiches du Kit Municipal ESS. Toute erreur est un objet {\"error\": \"…\"} en français. Des champs peuvent s'ajouter ; aucun n'est retiré ni renommé."
        },
        "paths": {
            "/api/ask": {"post": {
                "summary": "Pose une question (un tour d'une conversation)",
                "operationId": "ask",
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/AskRequest"}
                }}},
                "responses": {
                    "200": ok("La réponse, l'identifiant de la conversation et les liens officiels.", "AskResponse"),
                    "400": error_response("Corps illisible, champ invalide (nommé), question vide ou trop longue, date invalide."),
                    "413": error_response("Corps de la requête trop grand (au plus 64 Kio)."),
                    "503": busy.clone()
                }
            }},
            "/api/obligations": {"get": {
                "summary": "Les obligations légales et les leviers d'une collectivité à une date",
                "operationId": "obligations",
                "parameters": obligations_parameters,
                "responses": {
                    "200": ok("Les obligations et les leviers du profil.", "Evaluation"),
                    "400": error_response("Paramètre inconnu ou invalide (nommé)."),
                    "503": busy.clone()
                }
            }},
            "/api/fiches/{n}": {"get": {
                "summary": "Une fiche du Kit Municipal ESS",
                "operationId": "fiche",
                "parameters": [{"name": "n", "in": "path", "required": true,
                                "description": "Le numéro de la fiche.",
                                "schema": {"type": "integer", "minimum": 1}}],
                "responses": {
                    "200": ok("La fiche.", "Fiche"),
                    "400": error_response("Numéro invalide."),
                    "404": error_response("Pas de fiche de ce numéro."),
                    "503": busy.clone()
                }
            }},
            "/api/health": {"get": {
                "summary": "L'état du serveur",
                "operationId": "health",
                "responses": {"200": ok("Le serveur répond.", "Health")}
            }},
            "/api/openapi.json": {"get": {
                "summary": "Ce document",
                "operationId": "openapi",
                "responses": {"200": {"description": "Le document OpenAPI 3.1.",
                                      "content": {"application/json": {}}}}
            }}
        },
        "components": {"schemas": schemas()}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` of the document points to a schema it holds.
    #[test]
    fn every_reference_resolves() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap().clone();
        fn refs(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    for (k, v) in m {
                        match (k.as_str(), v) {
                            ("$ref", Value::String(r)) => out.push(r.clone()),
                            _ => refs(v, out),
                        }
                    }
                }
                Value::Array(l) => l.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(all.len() > 20, "{all:?}");
        for r in all {
            let name = r
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("{r}"));
            assert!(schemas.contains_key(name), "{r} dangles");
        }
    }

    /// The answer in the document is the answer of the published schema.
    #[test]
    fn the_answer_is_the_published_one() {
        let mut published = ess_engine::answer_line_schema();
        to_components(&mut published);
        let doc = document();
        for name in ["Answer", "Item", "Verdict", "Profile"] {
            assert_eq!(
                doc["components"]["schemas"][name], published["$defs"][name],
                "{name}"
            );
        }
    }
}
