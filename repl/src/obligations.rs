//! `ess obligations`: the legal obligations and the levers of a collectivity's profile at a date.

use ess_engine::{slug, Rulebook};
use ess_engine::{Corpus, Profile};

/// Options of `ess obligations`.
/// Also what `ess serve` builds from the query of `GET /api/obligations` and from the
/// `profile` of `POST /api/ask`, so that both read a profile as the command line does.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Répond en JSON : {"date", "profile", "competences", "obligations", "levers", "textes_officiels"}.
    #[arg(long)]
    pub(crate) json: bool,
    /// Type de collectivité : commune, communaute-communes (ou communaute_communes),
    /// communaute-agglomeration, communaute-urbaine, metropole, epci, departement, region,
    /// pays-petr, syndicat-mixte, pnr.
    #[arg(long = "type", value_name = "TYPE")]
    pub(crate) kind: Option<String>,
    /// Nombre d'habitants.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = crate::args::count)]
    pub(crate) population: Option<u64>,
    /// Nombre d'agents (équivalents temps plein).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = crate::args::count)]
    pub(crate) agents: Option<u64>,
    /// Montant annuel des achats, en euros HT.
    #[arg(long, value_name = "EUROS", allow_negative_numbers = true, value_parser = crate::args::amount)]
    pub(crate) achats: Option<f64>,
    /// Subvention annuelle envisagée pour un organisme, en euros.
    #[arg(long, value_name = "EUROS", allow_negative_numbers = true, value_parser = crate::args::amount)]
    pub(crate) subvention: Option<f64>,
    /// Valeur estimée d'un marché de travaux, en euros HT.
    #[arg(long = "marche-travaux", value_name = "EUROS", allow_negative_numbers = true, value_parser = crate::args::amount)]
    pub(crate) marche_travaux: Option<f64>,
    /// Valeur estimée d'un marché de fournitures ou de services, en euros HT.
    #[arg(long = "marche-fournitures-services", value_name = "EUROS", allow_negative_numbers = true, value_parser = crate::args::amount)]
    pub(crate) marche_fournitures_services: Option<f64>,
    /// Aides de minimis reçues par une entreprise sur trois ans, en euros.
    #[arg(long = "aide-entreprise", value_name = "EUROS", allow_negative_numbers = true, value_parser = crate::args::amount)]
    pub(crate) aide_entreprise: Option<f64>,
    /// Part du capital d'une SCIC détenue par les collectivités, en pour cent.
    #[arg(long = "part-capital-scic", value_name = "POURCENT", allow_negative_numbers = true, value_parser = crate::args::share)]
    pub(crate) part_capital_scic: Option<f64>,
    /// Dotation initiale d'un fonds de dotation, en euros.
    #[arg(long = "dotation-initiale", value_name = "EUROS", allow_negative_numbers = true, value_parser = crate::args::amount)]
    pub(crate) dotation_initiale: Option<f64>,
    /// Territoire : rural, urbain, periurbain, qpv, centre-ville, littoral, montagne.
    #[arg(long, value_name = "TERRITOIRE")]
    pub(crate) territoire: Option<String>,
    /// Code du département ("50", "2A").
    #[arg(long, value_name = "CODE")]
    pub(crate) departement: Option<String>,
    /// Région.
    #[arg(long, value_name = "RÉGION")]
    pub(crate) region: Option<String>,
    /// Commune, par son nom ou son code INSEE (« Bréhal », « 50076 ») : type, population,
    /// département et intercommunalité viennent du découpage administratif.
    #[arg(long, value_name = "NOM|CODE")]
    pub(crate) commune: Option<String>,
    /// Intercommunalité, par son nom ou son SIREN (« CC de Granville, Terre et Mer »).
    #[arg(long, value_name = "NOM|SIREN")]
    pub(crate) epci: Option<String>,
    /// Compétence exercée en plus de celles du type (répétable) ; « sans:ID » en retire une.
    #[arg(long = "competence", value_name = "ID")]
    pub(crate) competences: Vec<String>,
    /// Date à laquelle le droit est évalué (AAAA-MM-JJ ; par défaut aujourd'hui).
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub(crate) date: Option<String>,
}

/// Finds the id of a vocabulary entry from its id, label or a synonym, however spelled.
fn resolve<'a>(
    value: &str,
    entries: impl Iterator<Item = (&'a str, &'a str, &'a [String])> + Clone,
    what: &str,
) -> Result<String, String> {
    let wanted = slug(value);
    for (id, label, synonyms) in entries.clone() {
        if slug(id) == wanted || slug(label) == wanted || synonyms.iter().any(|s| slug(s) == wanted)
        {
            return Ok(id.to_string());
        }
    }
    let ids: Vec<&str> = entries.map(|(id, _, _)| id).collect();
    Err(format!(
        "{what} « {value} » inconnu ; valeurs permises : {}",
        ids.join(", ")
    ))
}

/// The profile the arguments describe, type and territory names resolved, the commune and the
/// intercommunality looked up; or what is wrong, in French.
pub fn profile(corpus: &Corpus, args: &Args) -> Result<Profile, String> {
    let kind = args
        .kind
        .as_deref()
        .map(|k| {
            resolve(
                k,
                corpus
                    .collectivities
                    .iter()
                    .map(|v| (v.id.as_str(), v.label.as_str(), v.synonyms.as_slice())),
                "type de collectivité",
            )
        })
        .transpose()?;
    let territoire = args
        .territoire
        .as_deref()
        .map(|t| {
            resolve(
                t,
                corpus
                    .territories
                    .iter()
                    .map(|v| (v.id.as_str(), v.label.as_str(), v.synonyms.as_slice())),
                "territoire",
            )
        })
        .transpose()?;
    let mut competences = Vec::new();
    for c in &args.competences {
        let (prefix, id) = match c.trim().strip_prefix("sans:") {
            Some(rest) => ("sans:", rest),
            None => ("", c.as_str()),
        };
        let id = resolve(
            id,
            corpus
                .competences
                .iter()
                .map(|v| (v.id.as_str(), v.label.as_str(), v.synonyms.as_slice())),
            "compétence",
        )?;
        competences.push(format!("{prefix}{id}"));
    }
    if let Some(a) = args.achats {
        if !a.is_finite() || a < 0.0 {
            return Err(format!(
                "montant d'achats « {a} » invalide : un nombre d'euros positif est attendu"
            ));
        }
    }
    let mut profile = Profile {
        kind: kind.map(Into::into),
        population: args.population,
        agents: args.agents,
        achats_annuels_ht: args.achats,
        subvention: args.subvention,
        marche_travaux_ht: args.marche_travaux,
        marche_fournitures_services_ht: args.marche_fournitures_services,
        aide_entreprise: args.aide_entreprise,
        part_capital_scic: args.part_capital_scic,
        dotation_initiale: args.dotation_initiale,
        territoire: territoire.map(Into::into),
        departement: match &args.departement {
            None => None,
            Some(code) => Some(departement(corpus, code)?),
        },
        region: args.region.clone(),
        competences,
        ..Profile::default()
    };
    ess_engine::locate(&mut profile, args.commune.as_deref(), args.epci.as_deref())?;
    if let Some(code) = &profile.departement {
        profile.region = corpus
            .departements
            .iter()
            .find(|d| &d.id == code)
            .and_then(|d| d.region.clone())
            .or(profile.region);
    }
    Ok(profile)
}

/// A département code of the corpus (« 50 », « 2A »; « 5 » is « 05 »).
fn departement(corpus: &Corpus, code: &str) -> Result<String, String> {
    let code = code.trim().to_uppercase();
    let code = if code.len() == 1 {
        format!("0{code}")
    } else {
        code
    };
    if corpus.departements.iter().any(|d| d.id == code) {
        Ok(code)
    } else {
        Err(format!(
            "département « {code} » inconnu : donnez son code, par exemple 50 (Manche) ou 2A (Corse-du-Sud)"
        ))
    }
}

/// The date asked (today by default), or why it is not a day.
pub fn date(args: &Args) -> Result<ess_corpus::Date, String> {
    match &args.date {
        Some(d) => d
            .parse::<ess_corpus::Date>()
            .map_err(|why| format!("date « {d} » invalide : {}", why.reason())),
        None => Ok(ess_engine::today()),
    }
}

/// The JSON of `ess obligations --json`: one evaluation, serialised.
pub fn to_json(evaluation: &ess_engine::Evaluation) -> Result<String, String> {
    serde_json::to_string(evaluation).map_err(|e| e.to_string())
}

/// Runs `ess obligations`: the text (or JSON) to print, or what is wrong with the arguments.
pub fn run(corpus: &Corpus, args: Args) -> Result<String, String> {
    let date = date(&args)?;
    let profile = profile(corpus, &args)?;
    let evaluation = ess_engine::evaluate(corpus, &Rulebook::build(corpus), &profile, date);
    Ok(if args.json {
        to_json(&evaluation)?
    } else {
        ess_engine::render::evaluation_text(corpus, &evaluation)
    })
}
